package io.switchboard.sip.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sip.session.SessionTimerPolicy.Negotiated;
import io.switchboard.sip.transaction.ManualTimers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The refresh/expiry state machine on a manual clock. */
class SessionTimerTest {
  private final ManualTimers timers = new ManualTimers();
  private final List<String> events = new ArrayList<>();
  private final SessionTimer timer = new SessionTimer(timers, new SessionTimer.Listener() {
    @Override
    public void refreshDue() {
      events.add("refresh@" + timers.now());
    }

    @Override
    public void expired() {
      events.add("expired@" + timers.now());
    }
  });

  @Test
  void asRefresherItAsksAtHalfTheIntervalAndEachSuccessRestartsBothClocks() {
    timer.refreshed(new Negotiated(90, true, false));
    assertThat(timer.state()).isEqualTo(SessionTimer.State.REFRESHER);
    timers.advance(44_999);
    assertThat(events).isEmpty();
    timers.advance(1);
    assertThat(events).containsExactly("refresh@45000");
    assertThat(timer.state()).isEqualTo(SessionTimer.State.REFRESHING);

    timers.advance(500); // the 2xx to our refresh
    timer.refreshed(new Negotiated(90, true, false));
    timers.advance(45_000);
    assertThat(events).containsExactly("refresh@45000", "refresh@90500");
    for (int i = 0; i < 20; i++) { // fifteen minutes of refreshes, each answered 2xx after 300 ms
      timers.advance(300);
      timer.refreshed(new Negotiated(90, true, false));
      timers.advance(45_000);
    }
    assertThat(events).hasSize(22).noneMatch(e -> e.startsWith("expired"));
  }

  @Test
  void aRefreshThatNeverSucceedsExpiresAtTheGuardEvenWhileRetrying() {
    timer.refreshed(new Negotiated(90, true, false));
    timers.advance(45_000);
    timer.retryIn(3_000); // 491: glare
    timers.advance(3_000);
    assertThat(events).containsExactly("refresh@45000", "refresh@48000");
    timers.advance(12_000); // 60 s after the last success: 90 - min(32, 30)
    assertThat(events).containsExactly("refresh@45000", "refresh@48000", "expired@60000");
    assertThat(timer.state()).isEqualTo(SessionTimer.State.EXPIRED);
    timers.advance(600_000);
    assertThat(events).hasSize(3);
  }

  @Test
  void whenThePeerRefreshesOnlyTheExpiryRunsAndEachRefreshPostponesIt() {
    timer.refreshed(new Negotiated(1800, false, false));
    assertThat(timer.state()).isEqualTo(SessionTimer.State.WATCHING);
    timers.advance(900_000);
    timer.refreshed(new Negotiated(1800, false, false)); // the peer's re-INVITE, answered 2xx
    timers.advance(1_767_999);
    assertThat(events).isEmpty();
    timers.advance(1);
    assertThat(events).containsExactly("expired@2668000");
  }

  @Test
  void stoppedOrDroppedTimersNeverFire() {
    timer.refreshed(new Negotiated(90, false, false));
    timer.refreshed(null);
    assertThat(timer.state()).isEqualTo(SessionTimer.State.IDLE);
    assertThat(timers.pending()).isZero();
    timer.refreshed(new Negotiated(90, true, false));
    timer.stop();
    assertThat(timers.pending()).isZero();
    timer.refreshed(new Negotiated(90, true, false));
    timers.advance(600_000);
    assertThat(events).isEmpty();
    assertThat(timer.state()).isEqualTo(SessionTimer.State.STOPPED);
  }
}
