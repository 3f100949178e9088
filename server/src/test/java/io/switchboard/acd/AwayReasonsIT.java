package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.redis.Keys;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Away reasons against a real Redis: the built-in four while the tenant lists none, exactly the listed ones once it
 * lists some, a refusal that names them and changes nothing, and no reason meaning the list's first.
 */
class AwayReasonsIT {
  static final String T = "acme";
  static final String NODE = "n1";

  AcdFixture fx;
  Acd acd;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    fx = new AcdFixture(NODE, new TestClock(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli()));
    acd = fx.acd;
    fx.agent(T, "a1", Map.of(), List.of("en"), List.of());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** What the directory stores for an away reason (DirectoryStore: the document and the kind's id index). */
  private void reason(String id, String label) {
    JsonObject doc = new JsonObject().put("id", id).put("label", label).put("version", 1);
    fx.r().set(Keys.directory(T, "away-reason", id), doc.encode()).toCompletableFuture().join();
    fx.r().zadd(Keys.directoryIndex(T, "away-reason"), 0, id).toCompletableFuture().join();
  }

  private AgentStatus away(String reason) {
    return acd.setState(T, "a1", AgentState.AWAY, reason, NODE).await();
  }

  @Test
  void aTenantWithoutItsOwnReasonsHasTheBuiltInFour() {
    for (String r : List.of("break", "lunch", "meeting", "training")) {
      assertThat(away(r).reason()).isEqualTo(r);
    }
    assertThat(away(null).reason()).as("none given: the first").isEqualTo("break");
    acd.setState(T, "a1", AgentState.AVAILABLE, null, NODE).await();
    Map<String, String> before = fx.snapshot(T);
    AcdException e = RedisAcdIT.refused(acd.setState(T, "a1", AgentState.AWAY, "coffee", NODE));
    assertThat(e.code()).isEqualTo("bad-reason");
    assertThat(e.getMessage()).contains("'coffee'").contains("break, lunch, meeting, training");
    assertThat(RedisAcdIT.refused(acd.setState(T, "a1", AgentState.AWAY, "rejected", NODE)).code())
        .as("the ACD's own reasons are not an agent's choice").isEqualTo("bad-reason");
    assertThat(fx.snapshot(T)).as("nothing changed").isEqualTo(before);
    assertThat(acd.agent(T, "a1").await().state()).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void onceTheTenantListsReasonsOnlyThoseAreAllowed() {
    reason("training", "Training");
    reason("coaching", "Coaching");
    assertThat(away("coaching").reason()).isEqualTo("coaching");
    assertThat(away(null).reason()).as("none given: the first in id order").isEqualTo("coaching");
    AcdException e = RedisAcdIT.refused(acd.setState(T, "a1", AgentState.AWAY, "lunch", NODE));
    assertThat(e.code()).isEqualTo("bad-reason");
    assertThat(e.getMessage()).contains("'lunch'").contains("coaching, training");
    assertThat(acd.agent(T, "a1").await().reason()).isEqualTo("coaching");
  }

  @Test
  void aTenantWithManyReasonsAcceptsEachAndNamesTheStartOfTheList() {
    for (int i = 10; i < 40; i++) {
      reason("r" + i, "Reason " + i);
    }
    assertThat(away("r39").reason()).as("past the first page of the list").isEqualTo("r39");
    AcdException e = RedisAcdIT.refused(acd.setState(T, "a1", AgentState.AWAY, "r40", NODE));
    assertThat(e.code()).isEqualTo("bad-reason");
    assertThat(e.getMessage()).contains("r10, r11").endsWith(", ...)");
  }
}
