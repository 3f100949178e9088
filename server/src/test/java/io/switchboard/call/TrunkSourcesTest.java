package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrunkSourcesTest {
  static JsonObject trunk(boolean enabled, String... sources) {
    return new JsonObject().put("enabled", enabled).put("allowedSources", new JsonArray(List.of((Object[]) sources)));
  }

  @Test
  void addressesInsideAnEnabledTrunksCidrsAreAllowed() {
    List<JsonObject> trunks = List.of(trunk(true, "192.0.2.0/24", "127.0.0.1/32", "2001:db8::/32"));
    assertThat(TrunkSources.allowed(trunks, "192.0.2.77")).isTrue();
    assertThat(TrunkSources.allowed(trunks, "127.0.0.1")).isTrue();
    assertThat(TrunkSources.allowed(trunks, "2001:db8::5")).isTrue();
    assertThat(TrunkSources.allowed(trunks, "[2001:db8::5]")).isTrue();
    assertThat(TrunkSources.allowed(trunks, "192.0.3.1")).isFalse();
    assertThat(TrunkSources.allowed(trunks, "127.0.0.2")).isFalse();
    assertThat(TrunkSources.allowed(trunks, "2001:db9::1")).isFalse();
  }

  @Test
  void disabledTrunksHostNamesAndGarbageAllowNothing() {
    assertThat(TrunkSources.allowed(List.of(trunk(false, "0.0.0.0/0")), "10.1.2.3")).isFalse();
    assertThat(TrunkSources.allowed(List.of(trunk(true, "0.0.0.0/0")), "10.1.2.3")).isTrue();
    assertThat(TrunkSources.allowed(List.of(trunk(true, "0.0.0.0/0")), "localhost")).isFalse();
    assertThat(TrunkSources.allowed(List.of(trunk(true, "0.0.0.0/0")), "beef")).as("never resolved").isFalse();
    assertThat(TrunkSources.allowed(List.of(trunk(true, "10.0.0.1")), "10.0.0.1")).isTrue();
    assertThat(TrunkSources.allowed(List.of(trunk(true, "10.0.0.1")), "10.0.0.2")).isFalse();
    assertThat(TrunkSources.allowed(List.of(), "10.0.0.1")).isFalse();
  }

  @Test
  void requestUriUsersNormaliseToE164Digits() {
    assertThat(InboundRouting.e164Digits("+15550100")).isEqualTo("15550100");
    assertThat(InboundRouting.e164Digits("+1-555-0100")).isEqualTo("15550100");
    assertThat(InboundRouting.e164Digits("15550100;phone-context=example.com")).isEqualTo("15550100");
    assertThat(InboundRouting.e164Digits("support")).isEmpty();
  }

  @Test
  void theTrunkOfASourceIsTheFirstEnabledOneAllowingItAndItsRegionWinsOverTheNodes() {
    JsonObject off = trunk(false, "10.0.0.0/8").put("region", "ap");
    JsonObject us = trunk(true, "10.0.0.0/8").put("region", "us");
    JsonObject plain = trunk(true, "10.0.0.0/8", "192.0.2.0/24");
    List<JsonObject> trunks = List.of(off, us, plain);
    assertThat(TrunkSources.trunkFor(trunks, "10.1.2.3")).isSameAs(us);
    assertThat(TrunkSources.trunkFor(trunks, "192.0.2.9")).isSameAs(plain);
    assertThat(TrunkSources.trunkFor(trunks, "198.51.100.1")).isNull();

    assertThat(new InboundRouting.Route("q", 0, "us").callRegion("eu")).isEqualTo("us");
    assertThat(new InboundRouting.Route("q", 0, null).callRegion("eu")).as("no trunk region").isEqualTo("eu");
    assertThat(new InboundRouting.Route("q", 0, "").callRegion("eu")).isEqualTo("eu");
  }
}
