package io.switchboard.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.SipOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OverloadGuardTest {
  static final Destination PEER = new Destination(Protocol.UDP, "192.0.2.1", 5060);

  final ManualTimers timers = new ManualTimers();
  final FakeTransport transport = new FakeTransport(timers);
  final RecordingTu calls = new RecordingTu();
  /** The loop's clock: virtual time plus whatever a test adds as a stall the timers did not see. */
  long stalledNanos;
  /** Probes sent through the (here imaginary) SIP socket and not read yet, when {@link #socketBacklog} holds them. */
  final java.util.ArrayDeque<Long> queuedProbes = new java.util.ArrayDeque<>();
  boolean socketBacklog;
  final OverloadGuard guard = new OverloadGuard(calls, timers, this::nanos, 1000, 5, this::probeSent);
  int branch;

  @BeforeEach
  void start() {
    new TransactionLayer(transport, timers, SipOptions.DEFAULTS, guard);
    guard.start();
  }

  @Test
  void onTimeEveryRequestGoesToCallControl() {
    timers.advance(10_000);
    invite();
    assertThat(calls.requests).hasSize(1);
    assertThat(guard.overloaded()).isFalse();
  }

  @Test
  void aLoopRunningLateRefusesNewCallsWith503AndRetryAfterButNotTheirSignaling() {
    timers.advance(1_000);
    stall(1_500); // the next tick fires 1.5 s late
    timers.advance(100);
    assertThat(guard.overloaded()).isTrue();

    invite();
    SipResponse refused = (SipResponse) transport.last();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.headers().first("Retry-After")).hasValue("5");
    assertThat(calls.requests).as("call control never saw the new call").isEmpty();
    assertThat(guard.shed()).isEqualTo(1);

    inDialog("BYE");
    inDialog("INVITE"); // a re-INVITE: the dialog exists already
    transport.inject(Requests.incoming("OPTIONS", via()), PEER);
    assertThat(calls.requests).extracting(tx -> tx.request().method()).containsExactly("BYE", "INVITE", "OPTIONS");
  }

  @Test
  void newCallsAreTakenAgainRetryAfterSecondsAfterTheLastLateTick() {
    stall(2_000);
    timers.advance(100);
    timers.advance(4_900);
    invite();
    assertThat(calls.requests).as("still within Retry-After of the late tick").isEmpty();
    timers.advance(200); // on-time ticks past the hold
    assertThat(guard.overloaded()).isFalse();
    invite();
    assertThat(calls.requests).hasSize(1);
  }

  @Test
  void aLateTickBelowTheLimitChangesNothing() {
    stall(900);
    timers.advance(100);
    invite();
    assertThat(guard.overloaded()).isFalse();
    assertThat(calls.requests).hasSize(1);
  }

  @Test
  void aNegativeMonotonicClockIsNotMistakenForOverload() {
    OverloadGuard g = new OverloadGuard(calls, timers, () -> timers.now() * 1_000_000 - 9_000_000_000_000L, 1000, 5,
        n -> { });
    g.start();
    timers.advance(500);
    assertThat(g.overloaded()).isFalse();
  }

  @Test
  void stopLeavesNoTimerBehind() {
    timers.advance(300);
    guard.stop();
    assertThat(timers.pending()).isZero();
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new OverloadGuard(calls, timers, System::nanoTime, 0, 5, n -> { }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OverloadGuard(calls, timers, System::nanoTime, 1000, 0, n -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBacklogInTheSocketMarksOverloadWhileTheLoopKeepsTime() {
    timers.advance(300); // probes come back at once: they work on this host
    socketBacklog = true; // from now on every message, probes too, waits in the socket
    timers.advance(1_000); // the first held probe (sent at 400 ms) is 900 ms old at the tick of 1,300 ms
    invite();
    assertThat(guard.overloaded()).as("every tick on time, oldest probe unread below the limit").isFalse();
    timers.advance(200); // at the tick of 1,500 ms it has waited 1.1 s
    assertThat(guard.overloaded()).isTrue();
    invite();
    assertThat(((SipResponse) transport.last()).status()).isEqualTo(503);
  }

  @Test
  void aProbeReadLateMarksOverloadAtOnce() {
    timers.advance(300);
    socketBacklog = true;
    timers.advance(1_500);
    socketBacklog = false;
    readQueuedProbes(); // the backlog drains: the first probe waited 1.5 s
    assertThat(guard.overloaded()).isTrue();
  }

  @Test
  void probesThatNeverComeBackAreNotMistakenForOverload() {
    OverloadGuard g = new OverloadGuard(calls, timers, this::nanos, 1000, 5, n -> { });
    g.start();
    timers.advance(10_000);
    assertThat(g.overloaded()).as("a host that drops the probes: only the loop's lag counts").isFalse();
  }

  private long nanos() {
    return timers.now() * 1_000_000 + stalledNanos;
  }

  private void probeSent(long sentNanos) {
    queuedProbes.addLast(sentNanos);
    if (!socketBacklog) {
      readQueuedProbes();
    }
  }

  private void readQueuedProbes() {
    while (!queuedProbes.isEmpty()) {
      guard.probeRead(queuedProbes.pollFirst());
    }
  }

  private void stall(long ms) {
    stalledNanos += ms * 1_000_000;
  }

  private String via() {
    return "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKol" + branch++;
  }

  private void invite() {
    transport.inject(Requests.incoming("INVITE", via()), PEER);
  }

  private void inDialog(String method) {
    SipRequest r = Requests.incoming(method, via());
    transport.inject(r.withHeaders(r.headers().with("To", "<sip:bob@uas.test>;tag=b2")), PEER);
  }
}
