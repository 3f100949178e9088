package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.TestClock;
import org.junit.jupiter.api.Test;

/** The fixed-window limit: per key, reset when the window passes, with the wait until then. */
class RateWindowTest {
  @Test
  void limitsEachKeyApartUntilItsWindowPasses() {
    TestClock clock = new TestClock(0);
    RateWindow w = new RateWindow(2, 10_000, clock);
    assertThat(w.tryAcquire("a")).isTrue();
    assertThat(w.tryAcquire("a")).isTrue();
    assertThat(w.tryAcquire("a")).isFalse();
    assertThat(w.tryAcquire("b")).as("another key").isTrue();
    clock.advanceSeconds(4);
    assertThat(w.retryAfterMs("a")).isEqualTo(6_000);
    assertThat(w.retryAfterMs("b")).isZero();
    clock.advanceSeconds(6);
    assertThat(w.tryAcquire("a")).isTrue();
  }
}
