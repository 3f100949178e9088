package io.switchboard.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.SipOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientTransactionTest {
  static final Destination UDP = new Destination(Protocol.UDP, "uas.test", 5060);
  static final Destination TCP = new Destination(Protocol.TCP, "uas.test", 5060);

  final ManualTimers timers = new ManualTimers();
  final FakeTransport transport = new FakeTransport(timers);
  final RecordingTu tu = new RecordingTu();
  final TransactionLayer layer = new TransactionLayer(transport, timers, SipOptions.DEFAULTS, tu);

  @Test
  void inviteOverUdpRetransmitsWithTimerADoublingAndTimesOutWith408AtTimerB() {
    ClientTransaction tx = layer.send(Requests.outgoing("INVITE"), UDP);
    assertThat(tx.request().topVia().branch().orElseThrow()).startsWith("z9hG4bK");
    timers.advance(31_999);
    // §17.1.1.2: T1, then doubling with no cap: sent at 0, 500, 1500, 3500, 7500, 15500, 31500
    assertThat(transport.timesOf("INVITE")).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
    assertThat(tx.response().isComplete()).isFalse();
    timers.advance(1);
    assertThat(tx.response().result().status()).isEqualTo(408);
    assertThat(layer.activeCount()).isZero();
    assertThat(timers.pending()).isZero();
  }

  @Test
  void inviteOverTcpIsNeverRetransmitted() {
    ClientTransaction tx = layer.send(Requests.outgoing("INVITE"), TCP);
    timers.advance(32_000);
    assertThat(transport.timesOf("INVITE")).containsExactly(0L);
    assertThat(tx.response().result().status()).isEqualTo(408);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void provisionalStopsInviteRetransmissionsAndIsPassedUp() {
    ClientTransaction tx = layer.send(Requests.outgoing("INVITE"), UDP);
    List<Integer> seen = new ArrayList<>();
    tx.onProvisional(r -> seen.add(r.status()));
    timers.advance(600);
    transport.inject(Requests.answer(tx.request(), 180), UDP);
    timers.advance(60_000);
    assertThat(seen).containsExactly(180);
    assertThat(transport.timesOf("INVITE")).containsExactly(0L, 500L);
    assertThat(tx.state()).isEqualTo(ClientTransaction.State.PROCEEDING); // no Timer B in Proceeding
  }

  @Test
  void nonInviteRetransmitsUpToT2AndTimesOutAtTimerF() {
    ClientTransaction tx = layer.send(Requests.outgoing("OPTIONS"), UDP);
    timers.advance(32_000);
    // §17.1.2.2: 500, 1000, 2000, 4000, then T2 = 4000 each
    assertThat(transport.timesOf("OPTIONS"))
        .containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
    assertThat(tx.response().result().status()).isEqualTo(408);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void nonInviteInProceedingRetransmitsEveryT2() {
    ClientTransaction tx = layer.send(Requests.outgoing("OPTIONS"), UDP);
    timers.advance(100);
    transport.inject(Requests.answer(tx.request(), 100), UDP);
    timers.advance(10_000);
    assertThat(transport.timesOf("OPTIONS")).containsExactly(0L, 500L, 4500L, 8500L);
  }

  @Test
  void nonInviteFinalCompletesOnceAndTimerKEndsItAfterT4OnUdp() {
    ClientTransaction tx = layer.send(Requests.outgoing("OPTIONS"), UDP);
    SipResponse ok = Requests.answer(tx.request(), 200);
    transport.inject(ok, UDP);
    transport.inject(ok, UDP); // retransmission absorbed
    assertThat(tx.response().result()).isEqualTo(ok);
    assertThat(tx.state()).isEqualTo(ClientTransaction.State.COMPLETED);
    timers.advance(4_999);
    assertThat(layer.activeCount()).isEqualTo(1);
    timers.advance(1);
    assertThat(layer.activeCount()).isZero();
    assertThat(tu.strays).isEmpty();
    assertThat(transport.timesOf("OPTIONS")).containsExactly(0L);
  }

  @Test
  void nonInviteFinalOverTcpTerminatesAtOnce() {
    ClientTransaction tx = layer.send(Requests.outgoing("OPTIONS"), TCP);
    transport.inject(Requests.answer(tx.request(), 200), TCP);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void inviteRejectionIsAckedByTheTransactionWithTheSameBranch() {
    ClientTransaction tx = layer.send(Requests.outgoing("INVITE"), UDP);
    SipResponse busy = Requests.answer(tx.request(), 486);
    transport.inject(busy, UDP);
    SipRequest ack = (SipRequest) transport.last();
    assertThat(ack.method()).isEqualTo("ACK");
    assertThat(ack.topVia().format()).isEqualTo(tx.request().topVia().format());
    assertThat(ack.cseq().format()).isEqualTo("1 ACK");
    assertThat(ack.to().tag()).contains("b2");
    assertThat(ack.requestUri()).isEqualTo(tx.request().requestUri());
    assertThat(tx.response().result().status()).isEqualTo(486);

    transport.inject(busy, UDP); // retransmitted final: ACK again, nothing to the TU
    assertThat(transport.timesOf("ACK")).hasSize(2);
    assertThat(tu.strays).isEmpty();
    timers.advance(31_999);
    assertThat(layer.activeCount()).isEqualTo(1); // Timer D
    timers.advance(1);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void invite2xxIsPassedUpAndRetransmitted2xxGoToTheTu() {
    ClientTransaction tx = layer.send(Requests.outgoing("INVITE"), UDP);
    SipResponse ok = Requests.answer(tx.request(), 200);
    transport.inject(ok, UDP);
    assertThat(tx.response().result()).isEqualTo(ok);
    assertThat(transport.timesOf("ACK")).isEmpty(); // the ACK for a 2xx is the TU's
    transport.inject(ok, UDP);
    assertThat(tu.strays).containsExactly(ok);
    timers.advance(32_000); // Timer M
    assertThat(layer.activeCount()).isZero();
    assertThat(transport.timesOf("INVITE")).containsExactly(0L);
  }

  @Test
  void transportErrorIsA503() {
    transport.failSends = true;
    ClientTransaction tx = layer.send(Requests.outgoing("OPTIONS"), UDP);
    assertThat(tx.response().result().status()).isEqualTo(503);
    assertThat(layer.activeCount()).isZero();
    assertThat(timers.pending()).isZero();
  }

  @Test
  void responsesMatchOnBranchAndCSeqMethod() {
    ClientTransaction invite = layer.send(Requests.outgoing("INVITE"), UDP);
    // Same branch, other method: belongs to the CANCEL, not the INVITE (§17.1.3)
    SipResponse forCancel = Requests.answer(Cancels.create(invite), 200);
    transport.inject(forCancel, UDP);
    assertThat(invite.response().isComplete()).isFalse();
    assertThat(tu.strays).containsExactly(forCancel);

    ClientTransaction cancel = layer.send(Cancels.create(invite), UDP);
    assertThat(cancel.request().topVia().branch()).isEqualTo(invite.request().topVia().branch());
    transport.inject(Requests.answer(cancel.request(), 200), UDP);
    assertThat(cancel.response().result().status()).isEqualTo(200);
    assertThat(invite.response().isComplete()).isFalse();
    transport.inject(Requests.answer(invite.request(), 487), UDP);
    assertThat(invite.response().result().status()).isEqualTo(487);
  }
}
