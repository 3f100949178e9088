package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sip.transaction.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MediaTimeoutsTest {
  final ManualTimers timers = new ManualTimers();
  /** The receive clock, in ns, following the manual timers' virtual ms. */
  long nanos() {
    return timers.now() * 1_000_000L;
  }

  final List<String> ended = new ArrayList<>();
  final MediaTimeouts timeouts = new MediaTimeouts(Duration.ofSeconds(60), timers, this::nanos);

  @Test
  void aCallerThatNeverSendsIsEndedOneTimeoutAfterTheAnswer() {
    timeouts.watch("c1", () -> Long.MIN_VALUE, () -> ended.add("c1"));
    timers.advance(59_999);
    assertThat(ended).isEmpty();
    timers.advance(15_001); // the check runs every 15 s (timeout / 4)
    assertThat(ended).containsExactly("c1");
    assertThat(timeouts.size()).isZero();
    assertThat(timers.pending()).as("no check left scheduled").isZero();
  }

  @Test
  void packetsKeepTheCallUpAndSilenceAfterThemEndsItOnce() {
    AtomicLong heard = new AtomicLong(Long.MIN_VALUE);
    timeouts.watch("c1", heard::get, () -> ended.add("c1"));
    for (int s = 0; s < 300; s++) { // five minutes of RTP, one packet a second
      timers.advance(1000);
      heard.set(nanos());
    }
    assertThat(ended).isEmpty();
    long lastPacket = timers.now();
    timers.advance(59_000);
    assertThat(ended).as("59 s of silence").isEmpty();
    timers.advance(16_000);
    assertThat(ended).containsExactly("c1");
    assertThat(timers.now() - lastPacket).isBetween(60_000L, 75_000L);
    timers.advance(120_000);
    assertThat(ended).as("reported once").containsExactly("c1");
  }

  @Test
  void anUnwatchedCallIsNotReportedAndTheTimerStops() {
    timeouts.watch("c1", () -> Long.MIN_VALUE, () -> ended.add("c1"));
    timeouts.watch("c2", () -> Long.MIN_VALUE, () -> ended.add("c2"));
    timeouts.unwatch("c1");
    timers.advance(75_000);
    assertThat(ended).containsExactly("c2");
    assertThat(timers.pending()).isZero();
  }

  @Test
  void zeroIsOff() {
    MediaTimeouts off = new MediaTimeouts(Duration.ZERO, timers, this::nanos);
    off.watch("c1", () -> Long.MIN_VALUE, () -> ended.add("c1"));
    timers.advance(3_600_000);
    assertThat(ended).isEmpty();
    assertThat(off.size()).isZero();
  }
}
