package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.redis.Keys;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TrunkSlots} against a real Redis, with two nodes sharing it: the limit holds across nodes, a dead node's
 * slots come back with {@link Acd#nodeLost}, and {@link TrunkSlots#sync} makes Redis agree with what a node holds.
 */
class AcdTrunkSlotsIT {
  static final String T = "acme";
  static final long START = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();
  static final String SLOTS = Keys.tenant(T) + ":acd:trunk:carrier:calls";

  TestClock clock;
  AcdFixture n1;
  AcdFixture n2;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    n1 = new AcdFixture("n1", clock);
    n2 = new AcdFixture("n2", clock);
  }

  @AfterEach
  void tearDown() {
    n1.close();
    n2.close();
  }

  long slots() {
    return AcdFixture.await(n1.r().hlen(SLOTS));
  }

  @Test
  void theLimitHoldsAcrossNodesAndAReleaseFreesASlot() {
    assertThat(n1.acd.acquire(T, "carrier", "a", 2).await()).isTrue();
    assertThat(n2.acd.acquire(T, "carrier", "b", 2).await()).isTrue();
    assertThat(n2.acd.acquire(T, "carrier", "c", 2).await()).as("third call, other node").isFalse();
    assertThat(n1.acd.acquire(T, "carrier", "a", 2).await()).as("a retried acquire of a held slot").isTrue();
    assertThat(n1.acd.acquire(T, "other", "x", 2).await()).as("another trunk has its own slots").isTrue();
    assertThat(slots()).isEqualTo(2);

    n1.acd.release(T, "carrier", "a").await();
    n1.acd.release(T, "carrier", "a").await(); // twice: no error, nothing else freed
    assertThat(slots()).isEqualTo(1);
    assertThat(n2.acd.acquire(T, "carrier", "c", 2).await()).isTrue();
    n1.acd.release(T, "carrier", "c").await();
    assertThat(slots()).as("a node never gives back another node's slot").isEqualTo(2);
  }

  @Test
  void aDeadNodesSlotsComeBackWhenItsCallsAreFinished() {
    n1.acd.acquire(T, "carrier", "a", 3).await();
    n1.acd.acquire(T, "carrier", "b", 3).await();
    n2.acd.acquire(T, "carrier", "c", 3).await();
    assertThat(n2.acd.acquire(T, "carrier", "d", 3).await()).isFalse();

    n2.acd.nodeLost(T, "n1").await();

    assertThat(slots()).as("only the survivor's call holds a slot").isEqualTo(1);
    assertThat(AcdFixture.await(n1.r().exists(Keys.tenant(T) + ":acd:node:n1:trunk-calls"))).isZero();
    assertThat(n2.acd.acquire(T, "carrier", "d", 3).await()).isTrue();
  }

  @Test
  void syncRestoresWhatTheNodeHoldsAndDropsWhatItDoesNotOnceTheGraceHasPassed() {
    n1.acd.acquire(T, "carrier", "gone", 5).await();
    n1.acd.acquire(T, "carrier", "kept", 5).await();
    n2.acd.acquire(T, "carrier", "theirs", 5).await();
    AcdFixture.await(n1.r().hdel(SLOTS, "kept")); // a write the new master lost

    n1.acd.sync(T, Map.of("kept", "carrier", "up", "carrier"), 10_000).await();
    assertThat(AcdFixture.await(n1.r().hkeys(SLOTS))).as("within the grace: nothing dropped")
        .containsExactlyInAnyOrder("gone", "kept", "up", "theirs");

    clock.advanceMillis(10_000);
    n1.acd.sync(T, Map.of("kept", "carrier", "up", "carrier"), 10_000).await();
    assertThat(AcdFixture.await(n1.r().hkeys(SLOTS))).containsExactlyInAnyOrder("kept", "up", "theirs");

    n1.acd.sync(T, Map.of(), 0).await(); // a restart under the same node id
    assertThat(AcdFixture.await(n1.r().hkeys(SLOTS))).as("the other node's slot stays").containsExactly("theirs");
  }
}
