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
}
