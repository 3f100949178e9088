package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sip.transport.FloodLimiter;
import io.switchboard.sip.transport.FloodPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trunks' flood policy on directory documents (the periodic re-read is the directory's, not tested here). */
class TrunkFloodPolicyTest {
  static JsonObject trunk(String id, boolean enabled, String... sources) {
    return new JsonObject().put("id", id).put("enabled", enabled)
        .put("allowedSources", new JsonArray(List.of((Object[]) sources)));
  }

  @Test
  void addressesOfAnEnabledTrunkShareItsBucketOthersHaveNone() {
    TrunkFloodPolicy policy = new TrunkFloodPolicy(null, "demo", 2000, 4000);
    assertThat(policy.shareOf("198.51.100.1")).as("nothing read yet").isNull();
    policy.update(List.of(trunk("carrier", true, "198.51.100.0/24", "2001:db8::/32"), trunk("off", false, "0.0.0.0/0")));
    FloodPolicy.Share a = policy.shareOf("198.51.100.1");
    assertThat(a).isEqualTo(new FloodPolicy.Share("carrier", 2000, 4000));
    assertThat(policy.shareOf("2001:db8::9")).isEqualTo(a);
    assertThat(policy.shareOf("203.0.113.9")).as("a disabled trunk gives no share").isNull();
    policy.update(List.of());
    assertThat(policy.shareOf("198.51.100.1")).as("the trunk was deleted").isNull();
  }

  /** The node's flood limit with the demo numbers: a trunk's SBC may burst 4000, a stranger 400 (counts only). */
  @Test
  void aBurstFromTheTrunksSbcPassesWhereAStrangersIsCut() {
    TrunkFloodPolicy policy = new TrunkFloodPolicy(null, "demo", 2000, 4000);
    policy.update(List.of(trunk("carrier", true, "127.0.0.1/32")));
    FloodLimiter limiter = new FloodLimiter(200, 400, 100_000, () -> 0L, policy);
    int fromTrunk = 0;
    int fromStranger = 0;
    for (int i = 0; i < 1000; i++) {
      fromTrunk += limiter.tryAcquire("127.0.0.1") ? 1 : 0;
      fromStranger += limiter.tryAcquire("127.0.0.2") ? 1 : 0;
    }
    assertThat(fromTrunk).isEqualTo(1000);
    assertThat(fromStranger).isEqualTo(400);
  }
}
