package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.redis.Keys;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The periodic sweeper expires deadlines of every tenant listed in sb:tenants, and stops when told. */
class AcdSweeperIT {
  TestClock clock;
  AcdFixture fx;
  AcdSweeper sweeper;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(Instant.parse("2026-11-16T10:00:00Z").toEpochMilli());
    fx = new AcdFixture("n1", clock);
    sweeper = new AcdSweeper(fx.vertx, fx.acd, fx.redis, 20);
  }

  @AfterEach
  void tearDown() {
    sweeper.stop();
    fx.close();
  }

  void reservedCall(String tenant) {
    fx.queue(tenant, "q", new JsonObject().put("noAnswerSeconds", 5));
    fx.agent(tenant, "a1", Map.of(), List.of("en"), List.of("q"));
    fx.acd.setState(tenant, "a1", AgentState.AVAILABLE, null, "n1").await();
    fx.acd.enqueue(tenant, new CallSpec("c1", "q", null, Map.of(), null, "+1", null, null, "n1")).await();
  }

  @Test
  void expiredReservationsOfEveryListedTenantAreHandledOnTheNextTick() {
    reservedCall("t1");
    reservedCall("t2");
    reservedCall("unlisted");
    AcdFixture.await(fx.r().sadd(Keys.TENANTS, "t1", "t2"));
    sweeper.start();
    sweeper.start(); // idempotent

    clock.advanceSeconds(4);
    assertThat(sweeper.sweepAll().await()).isZero();
    clock.advanceSeconds(1);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(fx.acd.agent("t1", "a1").await().state()).isEqualTo(AgentState.AWAY);
      assertThat(fx.acd.agent("t2", "a1").await().state()).isEqualTo(AgentState.AWAY);
    });
    assertThat(fx.acd.agent("unlisted", "a1").await().state()).isEqualTo(AgentState.RESERVED);
    assertThat(fx.acd.call("t1", "c1").await().state()).isEqualTo("waiting");
  }

  @Test
  void aCallWaitingForItsRegionIsRoutedToAnotherRegionByTheTickAfterItsQueuesDelay() {
    fx.queue("t1", "q", new JsonObject().put("regionWideningSeconds", 3));
    fx.agentDoc("t1", "eu1", new JsonObject().put("region", "eu").put("queues", new io.vertx.core.json.JsonArray().add("q")));
    fx.acd.setState("t1", "eu1", AgentState.AVAILABLE, null, "n1").await();
    fx.acd.enqueue("t1", new CallSpec("c1", "q", null, Map.of(), null, "+1", null, "us", "n1")).await();
    AcdFixture.await(fx.r().sadd(Keys.TENANTS, "t1"));
    sweeper.start();

    clock.advanceMillis(2_900);
    assertThat(sweeper.sweepAll().await()).isZero();
    assertThat(fx.acd.call("t1", "c1").await().state()).isEqualTo("waiting");
    clock.advanceMillis(100);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(fx.acd.call("t1", "c1").await().agentId()).isEqualTo("eu1"));
    assertThat(fx.messages("eu1", "call.offered")).hasSize(1);
  }

  @Test
  void aStoppedSweeperLeavesDeadlinesAlone() throws InterruptedException {
    reservedCall("t1");
    AcdFixture.await(fx.r().sadd(Keys.TENANTS, "t1"));
    sweeper.start();
    sweeper.stop();
    clock.advanceSeconds(60);
    Thread.sleep(200);
    assertThat(fx.acd.agent("t1", "a1").await().state()).isEqualTo(AgentState.RESERVED);
  }
}
