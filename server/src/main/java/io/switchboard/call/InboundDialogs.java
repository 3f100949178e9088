package io.switchboard.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.media.MediaNode;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.session.SessionExpires;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.Timers;
import io.vertx.core.Future;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offer/answer and dialog side of inbound calls beyond INVITE and BYE, for {@link InboundCalls}: the media of a
 * new INVITE (our answer, or our offer when it has no SDP), the session timer asked for in the INVITE (422 when too short, the agreement in our 200), the {@link InDialog} of each answered call (re-INVITE,
 * UPDATE, INFO, refreshes), and the late offer (an INVITE without SDP: our offer in the 200, the answer in the ACK,
 * RFC 3261 §13.3.1.1 and RFC 3264 §4).
 *
 * <p>A caller on hold (its offer sendonly, inactive or c=0.0.0.0) hears nothing, keeps its place in the queue and is
 * exempt from the RTP inactivity timeout; when it resumes a waiting caller hears the music again from the start.
 *
 * <p>Threading: event loop only, like {@link InboundCalls}.
 */
final class InboundDialogs {
  private static final Logger LOG = LoggerFactory.getLogger(InboundDialogs.class);
  /** Port pairs tried before a call is refused with 503 when the RTP ports are taken by other processes. */
  static final int BIND_ATTEMPTS = 5;

  private final Supplier<TransactionLayer> layer;
  private final Timers timers;
  private final MediaNode media;
  private final CallDtmf dtmf;
  private final Random random;
  private final BiConsumer<InboundCall, Boolean> watchMedia;
  private final BiConsumer<InboundCall, String> ended;
  private final Counter expiredCount;
  private final Counter unusableAnswerCount;
  private SessionTimerPolicy policy = SessionTimerPolicy.OFF;

  /**
   * @param watchMedia a caller came off hold (true: watch its RTP again, a waiting caller hears the music from the
   *     start) or went on hold (false: not watched)
   * @param ended end the call as if the caller had hung up (BYE to it, the ACD told it left)
   */
  InboundDialogs(Supplier<TransactionLayer> layer, Timers timers, MediaNode media, CallDtmf dtmf, Random random,
      MeterRegistry meters, BiConsumer<InboundCall, Boolean> watchMedia,
      BiConsumer<InboundCall, String> ended) {
    this.layer = layer;
    this.timers = timers;
    this.media = media;
    this.dtmf = dtmf;
    this.random = random;
    this.watchMedia = watchMedia;
    this.ended = ended;
    this.expiredCount = Counter.builder("switchboard.calls.session-expired")
        .description("calls ended because a session refresh (RFC 4028) did not come in time, or was answered 408/481")
        .register(meters);
    this.unusableAnswerCount = Counter.builder("switchboard.calls.unusable-answer")
        .description("calls ended with BYE because the ACK to our offer in a 200 (a re-INVITE without SDP) carried"
            + " no usable answer")
        .register(meters);
  }

  void policy(SessionTimerPolicy p) {
    this.policy = p;
  }

  /**
   * The session timer of a new INVITE (RFC 4028 §9); null when the INVITE was refused here (422, or 400 for an
   * unreadable header).
   */
  SessionTimerPolicy.UasOutcome negotiate(ServerTransaction tx) {
    return InDialog.negotiate(policy, tx);
  }

  /** The session timer headers of the 200 to the initial INVITE. */
  static SipHeaders.Builder okHeaders(InboundCall call, SipHeaders.Builder h) {
    return SessionTimerPolicy.toResponse(call.timing == null ? null : call.timing.timer(), h);
  }

  /** Our 200 went out: the call's dialog takes in-dialog requests and the session timer runs from now. */
  void started(InboundCall call, String localSdp) {
    SipRequest invite = call.invite.request();
    boolean update = SessionExpires.lists(invite, HeaderNames.ALLOW, "UPDATE");
    call.inDialog = new InDialog(call.callId, call.dialog, layer.get(), timers, policy, localSdp,
        new LegMedia(media, () -> call.media), owner(call), false, update, random);
    call.inDialog.start(call.timing == null ? null : call.timing.timer());
  }

  private InDialog.Owner owner(InboundCall call) {
    return new InDialog.Owner() {
      @Override
      public void held(boolean held) {
        watchMedia.accept(call, !held);
      }

      @Override
      public void digit(io.switchboard.media.dtmf.DtmfDigit digit) {
        dtmf.onDigit(call, digit);
      }

      @Override
      public void expired(String why) {
        expiredCount.increment();
        ended.accept(call, why);
      }

      @Override
      public void unusableAnswer(String why) {
        unusableAnswerCount.increment();
        ended.accept(call, why);
      }
    };
  }

  /**
   * An INVITE, UPDATE or INFO for an answered call's dialog: true when answered here (481 before the dialog exists,
   * 500 for a CSeq out of order); false for another method.
   */
  boolean onRequest(ServerTransaction tx, InboundCall call) {
    String m = tx.request().method();
    if (!m.equals("INVITE") && !m.equals("UPDATE") && !m.equals("INFO")) {
      return false;
    }
    if (call == null || call.dialog == null || call.inDialog == null || call.ended()) {
      tx.respond(481);
    } else if (!call.dialog.onRequest(tx.request())) {
      tx.respond(500);
    } else {
      call.inDialog.onRequest(tx);
    }
    return true;
  }

  /**
   * Opens the media of a new INVITE: the answer to its SDP ({@code call.media}), or, without SDP, a port pair and
   * our offer for the 200 ({@code call.lateOffer}). A port pair another process holds (BindException) is skipped
   * and the next tried, {@link #BIND_ATTEMPTS} times in all (ports are picked at random, a retry gets another).
   */
  Future<Void> openMedia(InboundCall call, boolean requireSrtp) {
    SipRequest r = call.invite.request();
    if (r.body().length == 0) {
      return media.offer(requireSrtp).map(o -> {
        call.lateOffer = o;
        return null;
      });
    }
    return answer(r.bodyText(), requireSrtp, call, BIND_ATTEMPTS).map(m -> {
      call.media = m;
      return null;
    });
  }

  private Future<MediaNode.CallMedia> answer(String offer, boolean requireSrtp, InboundCall call, int attempts) {
    return media.answer(offer, requireSrtp, dtmf.listener(call)).recover(e -> {
      if (attempts > 1 && e instanceof java.net.BindException) {
        LOG.info("call.rtp-port-busy call={} why={}", call.callId, e.getMessage());
        return answer(offer, requireSrtp, call, attempts - 1);
      }
      return Future.failedFuture(e);
    });
  }

  /**
   * An ACK outside a transaction for {@code call} (null: none): the one to a late-offer call's 200 either starts
   * the call ({@code start}: its answer is usable) or ends it ({@code end}: BYE); any other is left alone (the ACK
   * of a re-INVITE's 200 goes to the call's {@link InDialog}, which applies the answer when the 200 carried our
   * offer).
   */
  void onAck(InboundCall call, SipRequest ack, Consumer<InboundCall> start, Consumer<InboundCall> end) {
    if (call == null) {
      return;
    }
    if (call.state != InboundCall.State.ACCEPTED || ack.cseq().number() != call.invite.request().cseq().number()) {
      if (call.inDialog != null && !call.ended()) {
        call.inDialog.onAck(ack);
      }
      return;
    }
    if (answerInAck(call, ack)) {
      start.accept(call);
    } else {
      end.accept(call);
    }
  }

  /** A 2xx matching no transaction: re-ACKed when it is a retransmission to one of our re-INVITEs. */
  void onStrayResponse(InboundCall call, io.switchboard.sip.SipResponse r) {
    if (call != null && call.inDialog != null && r.status() >= 200 && r.status() < 300
        && r.cseq().method().equals("INVITE")) {
      call.inDialog.retransmitted2xx(r);
    }
  }

  /**
   * The ACK to our 200 of a late-offer call: true when it carries a usable answer (the media now runs: the call
   * can wait in the queue); false when it does not (RFC 3261 §13.2.2.4 leaves the UAS to end the call: BYE).
   */
  private boolean answerInAck(InboundCall call, SipRequest ack) {
    try {
      call.media = call.lateOffer.start(ack.bodyText(), dtmf.listener(call));
      return true;
    } catch (SdpException | IllegalStateException e) {
      LOG.info("call.late-offer-no-answer call={} why={}", call.callId, e.getMessage());
      return false;
    }
  }
}
