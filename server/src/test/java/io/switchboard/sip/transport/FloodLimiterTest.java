package io.switchboard.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodLimiterTest {
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final FloodLimiter limiter = new FloodLimiter(10, 5, 3, nanos::get);

  @Test
  void burstThenRateThenRefusedPerSource() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
    }
    assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
    assertThat(limiter.tryAcquire("192.0.2.2")).isTrue(); // another source has its own bucket
    nanos.addAndGet(100_000_000L); // 100 ms at 10/s: one token back
    assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
    assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
    nanos.addAndGet(60_000_000_000L); // a minute later: full bucket, not more
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
    }
    assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
  }

  @Test
  void trackedSourcesAreBoundedAndIdleOnesMakeRoom() {
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    limiter.tryAcquire("c");
    assertThat(limiter.tryAcquire("d")).isFalse(); // full, and every bucket is still partly drained
    assertThat(limiter.sources()).isEqualTo(3);
    nanos.addAndGet(1_000_000_000L);
    assertThat(limiter.tryAcquire("d")).isTrue();
    assertThat(limiter.sources()).isEqualTo(1);
  }

  /** A trunk's addresses share one bucket at the trunk's limit; strangers keep theirs (counts, no timing). */
  @Test
  void trunkSourcesShareTheTrunksHigherLimitAndStrangersKeepThePerSourceOne() {
    FloodPolicy.Share carrier = new FloodPolicy.Share("carrier", 1000, 50);
    FloodLimiter trunked = new FloodLimiter(10, 5, 100, nanos::get,
        ip -> ip.startsWith("198.51.100.") ? carrier : null);
    int passed = 0;
    for (int i = 0; i < 40; i++) { // far above the per-source burst of 5, from one SBC
      passed += trunked.tryAcquire("198.51.100.1") ? 1 : 0;
    }
    assertThat(passed).as("a burst of 40 from the trunk's SBC").isEqualTo(40);
    for (int i = 0; i < 10; i++) { // the trunk's second SBC draws from the same bucket: 10 left
      assertThat(trunked.tryAcquire("198.51.100.2")).isTrue();
    }
    assertThat(trunked.tryAcquire("198.51.100.2")).as("the trunk's burst is spent").isFalse();
    int stranger = 0;
    for (int i = 0; i < 40; i++) {
      stranger += trunked.tryAcquire("203.0.113.9") ? 1 : 0;
    }
    assertThat(stranger).as("an unknown source: its own per-source burst only").isEqualTo(5);
    nanos.addAndGet(10_000_000L); // 10 ms: 10 tokens back at the trunk's 1000/s, 0.1 at the per-source 10/s
    passed = 0;
    for (int i = 0; i < 20; i++) {
      passed += trunked.tryAcquire("198.51.100.1") ? 1 : 0;
    }
    assertThat(passed).isEqualTo(10);
    assertThat(trunked.tryAcquire("203.0.113.9")).isFalse();
    assertThat(trunked.sources()).as("one bucket for the trunk, one for the stranger").isEqualTo(2);
  }

  @Test
  void aPolicyReplacedLaterAppliesToTheNextMessage() {
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire("192.0.2.1");
    }
    assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
    limiter.policy(ip -> new FloodPolicy.Share("t", 100, 100)); // the directory now lists it in a trunk
    assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
    limiter.policy(null);
    assertThat(limiter.tryAcquire("192.0.2.1")).as("back to its own, spent bucket").isFalse();
  }
}
