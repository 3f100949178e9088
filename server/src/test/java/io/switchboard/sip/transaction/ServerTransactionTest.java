package io.switchboard.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.SipOptions;
import org.junit.jupiter.api.Test;

class ServerTransactionTest {
  static final Destination PEER = new Destination(Protocol.UDP, "192.0.2.1", 5060);
  static final Destination PEER_TCP = new Destination(Protocol.TCP, "192.0.2.1", 40000);
  static final String VIA = "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc";

  final ManualTimers timers = new ManualTimers();
  final FakeTransport transport = new FakeTransport(timers);
  final RecordingTu tu = new RecordingTu();
  final TransactionLayer layer = new TransactionLayer(transport, timers, SipOptions.DEFAULTS, tu);

  @Test
  void inviteGets100TryingAfter200msWhenTheTuIsSilent() {
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    assertThat(tu.requests).hasSize(1);
    timers.advance(199);
    assertThat(transport.sent).isEmpty();
    timers.advance(1);
    assertThat(((SipResponse) transport.last()).status()).isEqualTo(100);
    assertThat(((SipResponse) transport.last()).to().tag()).isEmpty();
  }

  @Test
  void tryingAtOnceWhenTheDelayIsZero() {
    TransactionLayer eager = new TransactionLayer(transport, timers, SipOptions.DEFAULTS.withTryingDelay(0), tu);
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    assertThat(((SipResponse) transport.last()).status()).isEqualTo(100);
    assertThat(eager.activeCount()).isEqualTo(1);
  }

  @Test
  void noTryingWhenTheTuAnswersWithin200ms() {
    tu.answer = tx -> tx.respond(180);
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    timers.advance(1_000);
    assertThat(transport.sent).extracting(s -> ((SipResponse) s.message()).status()).containsExactly(180);
  }

  @Test
  void retransmittedInviteIsAbsorbedAndGetsTheLastResponseAgain() {
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    tu.requests.get(0).respond(180);
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    assertThat(tu.requests).hasSize(1);
    assertThat(transport.sent).extracting(s -> ((SipResponse) s.message()).status()).containsExactly(180, 180);
  }

  @Test
  void rejectionIsRetransmittedWithTimerGUntilAckThenTimerIEndsIt() {
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    ServerTransaction tx = tu.requests.get(0);
    tx.respond(486);
    timers.advance(11_999);
    // §17.2.1: T1, doubling, capped at T2: 0, 500, 1500, 3500, 7500, 11500
    assertThat(transport.timesOf("SIP/2.0 486")).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L);
    SipRequest ack = Requests.incoming("ACK", VIA);
    ack = ack.withHeaders(ack.headers().with("To", ((SipResponse) transport.last()).headers().first("To").get())
        .with("CSeq", "1 ACK"));
    transport.inject(ack, PEER);
    assertThat(tx.state()).isEqualTo(ServerTransaction.State.CONFIRMED);
    transport.inject(ack, PEER); // absorbed
    assertThat(tu.acks).isEmpty();
    timers.advance(4_999);
    assertThat(layer.activeCount()).isEqualTo(1);
    timers.advance(1); // Timer I = T4
    assertThat(layer.activeCount()).isZero();
    assertThat(transport.timesOf("SIP/2.0 486")).hasSize(6);
    assertThat(tu.timeouts).isEmpty();
  }

  @Test
  void rejectionWithoutAckEndsAtTimerHAndTellsTheTu() {
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    tu.requests.get(0).respond(603);
    timers.advance(32_000);
    assertThat(tu.timeouts).hasSize(1);
    assertThat(layer.activeCount()).isZero();
    assertThat(timers.pending()).isZero();
  }

  @Test
  void rejectionOverTcpIsNotRetransmittedAndAckEndsItAtOnce() {
    transport.inject(Requests.incoming("INVITE", VIA.replace("UDP", "TCP")), PEER_TCP);
    tu.requests.get(0).respond(486);
    timers.advance(10_000);
    assertThat(transport.timesOf("SIP/2.0 486")).containsExactly(0L);
    SipRequest ack = Requests.incoming("ACK", VIA.replace("UDP", "TCP"));
    transport.inject(ack.withHeaders(ack.headers().with("CSeq", "1 ACK")), PEER_TCP);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void okIsRetransmittedUntilTheAckForTheDialogArrives() {
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    ServerTransaction tx = tu.requests.get(0);
    tx.respond(200);
    timers.advance(2_000);
    assertThat(transport.timesOf("SIP/2.0 200")).containsExactly(0L, 500L, 1500L);
    SipResponse ok = (SipResponse) transport.last();
    // The ACK for a 2xx is a new transaction: new branch, our To tag (§13.2.2.4)
    SipRequest ack = Requests.incoming("ACK", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKother");
    ack = ack.withHeaders(ack.headers().with("To", ok.headers().first("To").get()).with("CSeq", "1 ACK"));
    transport.inject(ack, PEER);
    assertThat(tu.acks).hasSize(1);
    timers.advance(10_000);
    assertThat(transport.timesOf("SIP/2.0 200")).hasSize(3);
    transport.inject(Requests.incoming("INVITE", VIA), PEER); // RFC 6026: absorbed in Accepted
    assertThat(tu.requests).hasSize(1);
    timers.advance(22_000); // Timer L
    assertThat(layer.activeCount()).isZero();
    assertThat(tu.timeouts).isEmpty();
  }

  @Test
  void okWithoutAckTellsTheTuAtTimerL() {
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    tu.requests.get(0).respond(200);
    timers.advance(32_000);
    assertThat(tu.timeouts).hasSize(1);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void nonInviteRetransmissionsAreAbsorbedThenAnsweredAndTimerJEndsIt() {
    transport.inject(Requests.incoming("OPTIONS", VIA), PEER);
    transport.inject(Requests.incoming("OPTIONS", VIA), PEER); // Trying: absorbed, nothing sent
    assertThat(transport.sent).isEmpty();
    tu.requests.get(0).respond(200);
    tu.requests.get(0).respond(500); // a second final is ignored
    transport.inject(Requests.incoming("OPTIONS", VIA), PEER); // Completed: the 200 again
    assertThat(tu.requests).hasSize(1);
    assertThat(transport.sent).extracting(s -> ((SipResponse) s.message()).status()).containsExactly(200, 200);
    timers.advance(31_999);
    assertThat(layer.activeCount()).isEqualTo(1);
    timers.advance(1);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void nonInviteOverTcpEndsWithItsFinalResponse() {
    transport.inject(Requests.incoming("OPTIONS", VIA.replace("UDP", "TCP")), PEER_TCP);
    tu.requests.get(0).respond(200);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void unansweredNonInviteIsDroppedAfter64T1() {
    transport.inject(Requests.incoming("OPTIONS", VIA), PEER);
    timers.advance(32_000);
    assertThat(layer.activeCount()).isZero();
  }

  @Test
  void cancelMatchesTheInviteAndTheHelperAnswers200And487() {
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    SipRequest cancel = Requests.incoming("CANCEL", VIA);
    transport.inject(cancel, PEER);
    assertThat(tu.cancels).hasSize(1);
    assertThat(tu.cancels.get(0)[1]).isSameAs(tu.requests.get(0));
    assertThat(transport.sent).extracting(s -> ((SipResponse) s.message()).startLine())
        .containsExactly("SIP/2.0 200 OK", "SIP/2.0 487 Request Terminated");
    SipResponse ok = (SipResponse) transport.sent.get(0).message();
    assertThat(ok.cseq().method()).isEqualTo("CANCEL");
    SipResponse terminated = (SipResponse) transport.sent.get(1).message();
    assertThat(ok.to().tag()).isPresent().isEqualTo(terminated.to().tag());
    transport.inject(cancel, PEER); // retransmitted CANCEL: its 200 again, the TU is not asked twice
    assertThat(tu.cancels).hasSize(1);
    assertThat(transport.timesOf("SIP/2.0 200")).hasSize(2);
  }

  @Test
  void cancelForNothingGets481() {
    transport.inject(Requests.incoming("CANCEL", VIA), PEER);
    assertThat(((SipResponse) transport.last()).status()).isEqualTo(481);
    assertThat(tu.cancels).isEmpty();
    // a CANCEL from another sent-by with the same branch does not match the INVITE (§17.2.3)
    transport.inject(Requests.incoming("INVITE", VIA), PEER);
    transport.inject(Requests.incoming("CANCEL", "SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKabc"), PEER);
    assertThat(tu.cancels).isEmpty();
    assertThat(((SipResponse) transport.last()).status()).isEqualTo(481);
  }

  @Test
  void sameBranchFromAnotherSentByIsAnotherTransaction() {
    transport.inject(Requests.incoming("OPTIONS", VIA), PEER);
    transport.inject(Requests.incoming("OPTIONS", "SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKabc"), PEER);
    assertThat(tu.requests).hasSize(2);
  }

  @Test
  void rfc2543RequestsWithoutTheCookieMatchOnTheirFields() {
    String old = "SIP/2.0/UDP 192.0.2.1:5060;branch=1234";
    transport.inject(Requests.incoming("INVITE", old), PEER);
    transport.inject(Requests.incoming("INVITE", old), PEER);
    assertThat(tu.requests).hasSize(1);
    tu.requests.get(0).respond(486);
    SipRequest ack = Requests.incoming("ACK", old);
    ack = ack.withHeaders(ack.headers().with("CSeq", "1 ACK")
        .with("To", ((SipResponse) transport.last()).headers().first("To").get()));
    transport.inject(ack, PEER);
    assertThat(tu.requests.get(0).state()).isEqualTo(ServerTransaction.State.CONFIRMED);
    SipRequest other = Requests.incoming("INVITE", old);
    transport.inject(other.withHeaders(other.headers().with("CSeq", "2 INVITE")), PEER);
    assertThat(tu.requests).hasSize(2);
  }
}
