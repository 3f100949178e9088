package io.switchboard.call;

import io.switchboard.media.dtmf.DtmfDigit;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.MediaType;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.session.SessionExpires;
import io.switchboard.sip.session.SessionTimer;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.sip.session.SessionTimerPolicy.Negotiated;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.Timers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One established call leg's dialog after the initial offer/answer, on either side (inbound or outbound): the
 * re-INVITEs, UPDATEs and INFOs the peer sends in it, and the session timer (RFC 4028) with the refreshes we send.
 *
 * <ul>
 *   <li>re-INVITE / UPDATE with SDP: a new offer (hold with sendonly, inactive or c=0.0.0.0; resume; codec or
 *       address change) answered on the same ports and applied to the running media; an unusable one gets 488 (or
 *       400) and the session goes on unchanged (RFC 3261 §14.2). Without SDP: a re-INVITE gets our new offer in
 *       the 200 and its ACK's answer is applied the same way (an ACK without a usable answer ends the call with
 *       BYE, §14.2); an UPDATE gets a bare 200. Every 2xx is also a session refresh (§10 of RFC 4028); a too short
 *       Session-Expires gets 422.</li>
 *   <li>Our refresh re-INVITE repeats the description we sent last; the answer in its 2xx is applied when it
 *       changed something (hold, a new address, codec or key); an unusable one leaves the session as it was.</li>
 *   <li>Glare (RFC 3261 §14.1): a re-INVITE arriving while ours is pending gets 491; ours refused with 491 is sent
 *       again after 2.1-4 s when we chose the Call-ID (our outbound calls), 0-2 s otherwise, in 10 ms steps.</li>
 *   <li>INFO: DTMF ({@link InfoDtmf}) reported like an RFC 4733 digit; no body: 200; another body type: 415.</li>
 * </ul>
 *
 * <pre>
 *   outgoing: NONE --refresh due: UPDATE (peer allows it) or re-INVITE (our last SDP)--> PENDING
 *             PENDING --2xx (re-INVITE: ACK, its answer applied) | 491 (retry later) | 422 (retry, longer)
 *                       | 405/501 to UPDATE (retry as re-INVITE) | other final--> NONE
 *                       408/481: the dialog is gone → expired
 * </pre>
 *
 * <p>Threading: event loop only (the SIP transport's; the {@code timers} run there), like the call that owns it.
 */
final class InDialog implements SessionTimer.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(InDialog.class);

  /** Our outgoing in-dialog transaction (see the diagram). */
  enum Outgoing { NONE, PENDING }

  /** What the call owning the dialog does with what happens in it. Event loop. */
  interface Owner {
    /** The peer put the call on hold ({@code true}) or took it off; media sending is already gated. */
    void held(boolean held);

    /** A DTMF key press from an INFO. */
    void digit(DtmfDigit digit);

    /** The session expired or the dialog is gone (408/481 to a refresh): end the call with BYE. */
    void expired(String why);

    /** The ACK to our offer in a 200 brought no usable answer: end the call with BYE (RFC 3261 §14.2). */
    void unusableAnswer(String why);
  }

  /** Offer/answer on the running media. Event loop. */
  interface Media {
    /**
     * Answers a new offer: the answer to send, and whether it puts us on hold.
     *
     * @param lastSdp the description we sent last
     */
    Answer reanswer(String lastSdp, String offer) throws SdpException;

    /** Our new offer for a re-INVITE without one; nothing changes until {@link #applyAnswer}. */
    String offer(String lastSdp) throws SdpException;

    /** Applies the answer to {@code ourOffer}; on SdpException the session is left as it was. */
    Applied applyAnswer(String ourOffer, String answer) throws SdpException;
  }

  /** @param held our direction does not send (the peer holds the call) */
  record Answer(String sdp, boolean held) {}

  /** @param changed the session changed; @param held our direction does not send */
  record Applied(boolean changed, boolean held) {}

  /** Our offer in the 200 to the re-INVITE of CSeq {@code cseq}, whose ACK must bring the answer. */
  private record AwaitedAnswer(long cseq, String offer) {}

  private final String logId;
  private final Dialog dialog;
  private final TransactionLayer layer;
  private final SessionTimerPolicy policy;
  private final SessionTimer timer;
  private final Media media;
  private final Owner owner;
  private final boolean ownCallId;
  private final Random random;
  private Outgoing outgoing = Outgoing.NONE;
  private String localSdp;
  private boolean peerAllowsUpdate;
  private boolean held;
  private boolean closed;
  private SipRequest lastAck;
  /** The pending one of ours is a re-INVITE (an offer: glare with the peer's); an UPDATE of ours carries none. */
  private boolean ourPendingIsInvite;
  /** The interval our next refresh asks for after a 422 (0: the agreed one). */
  private long askSeconds;
  /** Non-null between our 200 carrying an offer and the ACK with the answer. */
  private AwaitedAnswer awaited;

  /**
   * @param localSdp the description we sent in the initial offer/answer (repeated in refresh re-INVITEs)
   * @param media null when this node holds no media for the leg (an outbound call on an external offer): new
   *     offers then get 488
   * @param ownCallId we chose the dialog's Call-ID (we sent the initial INVITE): the longer glare wait
   * @param peerAllowsUpdate the peer's Allow (initial request or 2xx) lists UPDATE: refreshes use it
   */
  InDialog(String logId, Dialog dialog, TransactionLayer layer, Timers timers, SessionTimerPolicy policy,
      String localSdp, Media media, Owner owner, boolean ownCallId, boolean peerAllowsUpdate, Random random) {
    this.logId = logId;
    this.dialog = dialog;
    this.layer = layer;
    this.policy = policy;
    this.localSdp = localSdp;
    this.media = media;
    this.owner = owner;
    this.ownCallId = ownCallId;
    this.peerAllowsUpdate = peerAllowsUpdate;
    this.random = random;
    this.timer = new SessionTimer(timers, this);
  }

  /** The session timer agreed in the initial transaction (null: none) starts now. */
  void start(Negotiated n) {
    timer.refreshed(n);
  }

  SessionTimer timer() {
    return timer;
  }

  Outgoing outgoing() {
    return outgoing;
  }

  boolean held() {
    return held;
  }

  /** The dialog ended: no more refreshes, late responses ignored. Idempotent. */
  void close() {
    closed = true;
    timer.stop();
  }

  /**
   * An INVITE, UPDATE or INFO in this dialog, already checked and recorded by {@link Dialog#onRequest}; false for
   * another method (not answered here).
   */
  boolean onRequest(ServerTransaction tx) {
    switch (tx.request().method()) {
      case "INVITE", "UPDATE" -> offer(tx);
      case "INFO" -> info(tx);
      default -> {
        return false;
      }
    }
    return true;
  }

  private void offer(ServerTransaction tx) {
    SipRequest r = tx.request();
    boolean invite = r.isMethod("INVITE");
    boolean hasSdp = r.body().length > 0;
    if (closed) {
      tx.respond(481);
      return;
    }
    if (outgoing == Outgoing.PENDING && (invite || hasSdp) && ourPendingIsInvite) {
      tx.respond(491); // §14.2: our re-INVITE is in progress (an UPDATE of ours carries no offer: no glare)
      return;
    }
    SessionTimerPolicy.UasOutcome timing = negotiate(policy, tx);
    if (timing == null) {
      return;
    }
    String body = null;
    if (hasSdp || invite) {
      awaited = null; // a new offer/answer replaces one whose ACK never came
    }
    if (hasSdp) {
      Optional<MediaType> type = contentType(r);
      if (type.isEmpty() || !type.get().is("application/sdp")) {
        respond415(tx, "application/sdp");
        return;
      }
      if (media == null) {
        tx.respond(SipResponses.create(r, 488, "Not Acceptable Here: no media of ours on this leg", tx.localTag()));
        return;
      }
      Answer a;
      try {
        a = media.reanswer(localSdp, r.bodyText());
      } catch (SdpException e) {
        int s = e.kind().sipStatus;
        tx.respond(SipResponses.create(r, s, (s == 488 ? "Not Acceptable Here: " : "Bad Request: ")
            + e.getMessage().replaceAll("[\\r\\n]", " "), tx.localTag()));
        return;
      }
      localSdp = a.sdp();
      body = localSdp;
      held(a.held());
    } else if (invite && media == null) {
      body = localSdp; // not our media: the description we sent, whose answer we have nothing to apply to
    } else if (invite) {
      try {
        body = media.offer(localSdp); // a re-INVITE without an offer: ours, the answer in the ACK (RFC 3264 §8)
      } catch (SdpException e) {
        tx.respond(SipResponses.create(r, 488, "Not Acceptable Here: " + e.getMessage().replaceAll("[\\r\\n]", " "),
            tx.localTag()));
        return;
      }
      localSdp = body;
      awaited = new AwaitedAnswer(r.cseq().number(), body);
    }
    SipResponse ok = tx.createResponse(200);
    SipHeaders.Builder h = ok.headers().toBuilder().set(HeaderNames.CONTACT, "<" + dialog.localContact() + ">");
    SessionTimerPolicy.toResponse(timing.timer(), h);
    if (body != null) {
      h.set(HeaderNames.CONTENT_TYPE, "application/sdp");
      ok = ok.withBody(body.getBytes(StandardCharsets.UTF_8));
    }
    tx.respond(ok.withHeaders(h.build()));
    timer.refreshed(timing.timer());
  }

  private void held(boolean now) {
    if (now != held) {
      held = now;
      LOG.info("call.{} call={} by=peer", held ? "hold" : "resume", logId);
      owner.held(held);
    }
  }

  /**
   * An ACK in this dialog (a 2xx's, outside any transaction): true when it is the one to our 200 carrying an offer
   * and was taken here. Its answer is applied to the session; an ACK without a usable answer ends the call with BYE
   * (RFC 3261 §14.2). A retransmitted ACK finds nothing awaited and is ignored.
   */
  boolean onAck(SipRequest ack) {
    AwaitedAnswer a = awaited;
    if (a == null || ack.cseq().number() != a.cseq()) {
      return false;
    }
    awaited = null;
    if (closed) {
      return true;
    }
    try {
      if (ack.body().length == 0) {
        throw new SdpException(SdpException.Kind.NOT_ACCEPTABLE, "sdp", "the ACK carries no answer to our offer");
      }
      Applied applied = media.applyAnswer(a.offer(), ack.bodyText());
      LOG.info("call.reoffer-answered call={} changed={}", logId, applied.changed());
      held(applied.held());
    } catch (SdpException e) {
      LOG.warn("call.reoffer-unusable-answer call={} why={}", logId, e.getMessage());
      owner.unusableAnswer("unusable-answer");
    }
    return true;
  }

  /**
   * RFC 4028 §9 on an INVITE or UPDATE we answer: the outcome, or null when {@code tx} was refused here (422 with
   * our Min-SE when its Session-Expires is too short, 400 when unreadable).
   */
  static SessionTimerPolicy.UasOutcome negotiate(SessionTimerPolicy policy, ServerTransaction tx) {
    SipRequest r = tx.request();
    SessionTimerPolicy.UasOutcome o;
    try {
      o = policy.asUas(r);
    } catch (IllegalArgumentException e) {
      tx.respond(SipResponses.create(r, 400, "Bad Request: " + e.getMessage(), tx.localTag()));
      return null;
    }
    if (o.tooSmall()) {
      SipResponse tooSmall = SipResponses.create(r, 422, "Session Interval Too Small", tx.localTag());
      tx.respond(tooSmall.withHeaders(tooSmall.headers().with(SessionExpires.MIN_SE, Long.toString(o.minSe()))));
      LOG.info("call.session-too-small callId={} minSe={}", r.callId(), o.minSe());
      return null;
    }
    return o;
  }

  private void info(ServerTransaction tx) {
    SipRequest r = tx.request();
    if (r.body().length == 0) {
      tx.respond(200); // an INFO without a body: a keep-alive probe, nothing to do
      return;
    }
    Optional<MediaType> type = contentType(r);
    if (type.isEmpty() || !InfoDtmf.understands(type.get())) {
      respond415(tx, InfoDtmf.ACCEPT);
      return;
    }
    DtmfDigit d;
    try {
      d = InfoDtmf.parse(type.get(), r.body());
    } catch (IllegalArgumentException e) {
      tx.respond(SipResponses.create(r, 400, "Bad Request: " + e.getMessage().replaceAll("[\\r\\n]", " "),
          tx.localTag()));
      return;
    }
    tx.respond(200);
    owner.digit(d);
  }

  private static Optional<MediaType> contentType(SipRequest r) {
    try {
      return r.contentType();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void respond415(ServerTransaction tx, String accept) {
    SipResponse r = tx.createResponse(415);
    tx.respond(r.withHeaders(r.headers().with(HeaderNames.ACCEPT, accept)));
  }

  // ------------------------------------------------------------------ our refreshes

  @Override
  public void refreshDue() {
    if (closed) {
      return;
    }
    Negotiated n = timer.current();
    long seconds = askSeconds > 0 ? askSeconds : n.seconds();
    boolean update = peerAllowsUpdate;
    SipRequest req = dialog.newRequest(update ? "UPDATE" : "INVITE");
    SipHeaders.Builder h = policy.toRequest(seconds, true, req.headers().toBuilder());
    if (!update) {
      h.set(HeaderNames.CONTENT_TYPE, "application/sdp");
    }
    SipRequest sent = new SipRequest(req.method(), req.requestUri(), h.build(),
        update ? new byte[0] : localSdp.getBytes(StandardCharsets.UTF_8));
    outgoing = Outgoing.PENDING;
    ourPendingIsInvite = !update;
    LOG.info("call.session-refresh call={} method={} seconds={}", logId, sent.method(), seconds);
    try {
      layer.send(sent, dialog.nextHop()).response().onComplete(ar -> answered(sent, seconds,
          ar.succeeded() ? ar.result() : null));
    } catch (RuntimeException e) {
      answered(sent, seconds, null);
    }
  }

  private void answered(SipRequest sent, long seconds, SipResponse r) {
    outgoing = Outgoing.NONE;
    ourPendingIsInvite = false;
    if (closed) {
      return;
    }
    int s = r == null ? 408 : r.status();
    boolean invite = sent.isMethod("INVITE");
    if (s >= 200 && s < 300) {
      dialog.onResponse(r);
      if (invite) {
        lastAck = dialog.ack(sent.cseq().number());
        layer.sendAck(lastAck, dialog.nextHop());
        refreshAnswered(sent, r);
      }
      askSeconds = 0;
      Negotiated n;
      try {
        n = policy.asUac(r, seconds);
      } catch (IllegalArgumentException e) {
        n = new Negotiated(seconds, true, false);
      }
      timer.refreshed(n);
    } else if (s == 408 || s == 481) {
      LOG.info("call.session-refresh-failed call={} status={}", logId, s);
      timer.stop();
      owner.expired("refresh-" + s);
    } else if (s == 491) {
      timer.retryIn(glareDelayMs());
    } else if (s == 422 && policy.after422(r, seconds) > 0) {
      askSeconds = policy.after422(r, seconds);
      timer.retryIn(0);
    } else if (!invite && (s == 405 || s == 501)) {
      peerAllowsUpdate = false; // it does not take UPDATE after all: refresh with re-INVITE
      timer.retryIn(0);
    } else {
      LOG.info("call.session-refresh-refused call={} status={}", logId, s);
      timer.retryIn(Math.max(1000, timer.current().seconds() * 1000 / 4)); // try again before the session expires
    }
  }

  /**
   * The answer in the 2xx to our refresh re-INVITE (its offer: the description we sent last), applied when it
   * changed something (the peer holds the call, moved its media, re-keyed). An unusable answer leaves the session as
   * it was: the peer accepted the refresh, and ending the call over it would be worse than the old media.
   */
  private void refreshAnswered(SipRequest sent, SipResponse r) {
    if (media == null || r.body().length == 0) {
      return;
    }
    try {
      Applied applied = media.applyAnswer(sent.bodyText(), r.bodyText());
      if (applied.changed()) {
        LOG.info("call.refresh-answer-applied call={} held={}", logId, applied.held());
      }
      held(applied.held());
    } catch (SdpException e) {
      LOG.warn("call.refresh-answer-unusable call={} why={}", logId, e.getMessage());
    }
  }

  /** RFC 3261 §14.1: 2.1-4 s when we own the Call-ID, else 0-2 s; in units of 10 ms. */
  long glareDelayMs() {
    return ownCallId ? 2100 + 10L * random.nextInt(191) : 10L * random.nextInt(201);
  }

  /** A retransmitted 2xx to our last re-INVITE (our ACK was lost): ACK it again (§13.2.2.4). */
  boolean retransmitted2xx(SipResponse r) {
    if (lastAck == null || r.cseq().number() != lastAck.cseq().number()) {
      return false;
    }
    layer.sendAck(lastAck, dialog.nextHop());
    return true;
  }

  @Override
  public void expired() {
    if (closed) {
      return;
    }
    LOG.warn("call.session-expired call={} seconds={}", logId,
        timer.current() == null ? 0 : timer.current().seconds());
    owner.expired("session-expired");
  }
}
