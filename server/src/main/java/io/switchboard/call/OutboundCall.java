package io.switchboard.call;

import io.switchboard.call.OutboundCallException.Kind;
import io.switchboard.media.MediaNode.CallMedia;
import io.switchboard.media.MediaNode.PendingOffer;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.media.session.SessionListener;
import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.RequestPolicy;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.auth.Digest;
import io.switchboard.sip.auth.DigestChallenge;
import io.switchboard.sip.auth.DigestException;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.dialog.DialogId;
import io.switchboard.sip.session.SessionExpires;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.sip.transaction.Cancels;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.SipIds;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call we originate to a trunk (the UAC side of RFC 3261 §13.2 and §15).
 *
 * <pre>
 *   CALLING --1xx--> RINGING --2xx: ACK--> CONNECTED --hangup(): BYE / BYE in--> ENDED
 *     |  183 with SDP: the media session starts on it (early media); the 2xx's answer updates it if it differs
 *     |  408/503: next address (same Call-ID, CSeq+1, new branch)
 *     |  401/407: once more with (Proxy-)Authorization (again if the nonce was stale)
 *     |  422: once more (twice at most) asking for the Session-Expires the trunk's Min-SE says
 *     +--cancel(): CANCEL after the first 1xx -- 487 --> ENDED      any other final: ENDED
 * </pre>
 *
 * <p>Media: when originated with our own offer ({@link OutboundCalls#originate(String, String, String, String,
 * SessionListener)}) the 2xx's SDP answer is applied as the call connects and {@link #media()} gives the running
 * RTP session; an unusable answer is ACKed and the call ended with BYE (RFC 3261 13.2.2.4). The ports are released
 * whenever the call ends.
 *
 * <p>Session timers (RFC 4028): the INVITE offers {@code Session-Expires} (sip.session-expires-seconds) and
 * {@code Min-SE}; once connected, {@link InDialog} refreshes (we are the refresher unless the 2xx says uas) or
 * ends the call with BYE when the trunk's refresh never comes, and answers the trunk's re-INVITE, UPDATE (hold,
 * address or codec change, refresh) and INFO (DTMF, to the media listener's {@code onDtmf}).
 *
 * <p>Threading: confined to the SIP transport's event loop; the public methods hop there, so they may be
 * called from any thread. Callbacks run on the event loop.
 */
public final class OutboundCall {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundCall.class);

  /** See the diagram above. */
  public enum State { CALLING, RINGING, CONNECTED, ENDED }

  private final OutboundCalls calls;
  private final OutboundTrunk trunk;
  private final String toNumber;
  private final String fromNumber;
  private final byte[] offer;
  private final String sipCallId;
  private final String fromTag = SipIds.tag();
  private final Promise<String> answered = Promise.promise();
  private final Promise<String> ended = Promise.promise();
  private final Promise<CallMedia> media = Promise.promise();
  private final PendingOffer offerMedia;
  private final SessionListener mediaListener;
  private final List<SipResponse> provisionals = new ArrayList<>();
  private final List<Consumer<SipResponse>> provisionalListeners = new ArrayList<>();
  private volatile State state = State.CALLING;
  private ClientTransaction tx;
  private long cseq;
  private int address;
  private int authAttempts;
  private boolean cancelRequested;
  private boolean cancelSent;
  private Dialog dialog;
  private SipRequest ack;
  private InDialog inDialog;
  /** The SDP of the 183 our session started on (early media), or null. */
  private String earlySdp;
  /** The Session-Expires we ask for (0: none); raised by a 422. */
  private long sessionSeconds;
  private int tooSmallRetries;

  /** @param offerMedia our media behind {@code offerSdp}, or null when the offer came from outside */
  OutboundCall(OutboundCalls calls, OutboundTrunk trunk, String toNumber, String fromNumber, String offerSdp,
      PendingOffer offerMedia, SessionListener mediaListener) {
    this.calls = calls;
    this.offerMedia = offerMedia;
    this.mediaListener = mediaListener;
    this.trunk = trunk;
    this.toNumber = toNumber;
    this.fromNumber = fromNumber;
    this.offer = offerSdp.getBytes(StandardCharsets.UTF_8);
    this.sipCallId = SipIds.callId(null);
    this.sessionSeconds = calls.sessionTimers().sessionExpires();
  }

  /** The SIP Call-ID (the dialog's, kept across failover and authentication). */
  public String sipCallId() {
    return sipCallId;
  }

  public State state() {
    return state;
  }

  public OutboundTrunk trunk() {
    return trunk;
  }

  /**
   * Completes with the answer SDP when the trunk answers 2xx (the ACK is already sent); fails with an
   * {@link OutboundCallException} naming the SIP status otherwise.
   */
  public Future<String> answered() {
    return answered.future();
  }

  /**
   * Completes with the running RTP session once the call is connected and the answer applied (or at a 183 with a
   * usable SDP: early media); fails when the call ends without one, or at once when the call was originated with an external offer (no media of ours).
   */
  public Future<CallMedia> media() {
    if (offerMedia == null) {
      return Future.failedFuture(new IllegalStateException("originated with an external SDP offer: no media here"));
    }
    return media.future();
  }

  /**
   * Completes once when the call is over, with why: "local-bye", "remote-bye", "cancelled" or
   * "failed:STATUS". Never fails.
   */
  public Future<String> ended() {
    return ended.future();
  }

  /** Each 180/183 (not 100), those already received first; on the event loop. */
  public void onProvisional(Consumer<SipResponse> listener) {
    calls.context().runOnContext(v -> {
      provisionals.forEach(listener);
      provisionalListeners.add(listener);
    });
  }

  /**
   * Abandons the attempt before the answer: CANCEL once a provisional arrived (§9.1: not before), then the
   * trunk's 487 ends the call. If a 2xx wins the race it is ACKed and ended with BYE. On a connected call
   * this is {@link #hangup()}. Completes when the call has ended.
   */
  public Future<Void> cancel() {
    calls.context().runOnContext(v -> {
      if (state == State.CONNECTED) {
        bye("local-bye");
      } else if (state != State.ENDED && !cancelRequested) {
        cancelRequested = true;
        if (state == State.RINGING || (tx != null && tx.state() == ClientTransaction.State.PROCEEDING)) {
          sendCancel();
        }
      }
    });
    return ended.future().mapEmpty();
  }

  /**
   * Ends the call: BYE when connected, else as {@link #cancel()}. Completes when the BYE has its final
   * response (any: a 481 also means the dialog is gone) or the call has otherwise ended.
   */
  public Future<Void> hangup() {
    Promise<Void> done = Promise.promise();
    calls.context().runOnContext(v -> {
      if (state == State.CONNECTED) {
        bye("local-bye").onComplete(ar -> done.tryComplete());
      } else {
        cancel().onComplete(ar -> done.tryComplete());
      }
    });
    return done.future();
  }

  // ------------------------------------------------------------------ on the event loop

  void start() {
    sendInvite(null, null);
  }

  private void sendInvite(String authHeader, String authValue) {
    Destination to = trunk.addresses().get(address);
    String requestUri = requestUri(to);
    SipHeaders.Builder h = SipHeaders.builder()
        .add(HeaderNames.MAX_FORWARDS, "70")
        .add(HeaderNames.FROM, "<sip:" + fromNumber + "@" + calls.contactHostPort() + ">;tag=" + fromTag)
        .add(HeaderNames.TO, "<" + requestUri + ">")
        .add(HeaderNames.CALL_ID, sipCallId)
        .add(HeaderNames.CSEQ, ++cseq + " INVITE")
        .add(HeaderNames.CONTACT, "<" + calls.contactUri(to.protocol()) + ">")
        .add(HeaderNames.CONTENT_TYPE, "application/sdp");
    if (authHeader != null) {
      h.add(authHeader, authValue);
    }
    calls.sessionTimers().toRequest(sessionSeconds, false, h);
    SipRequest invite = new SipRequest("INVITE", requestUri, h.build(), offer);
    try {
      ClientTransaction sent = calls.layer().send(invite, to);
      tx = sent;
      sent.onProvisional(r -> provisional(sent, r));
      sent.response().onSuccess(r -> finalResponse(sent, r));
      LOG.info("outbound.invite call={} trunk={} to={} cseq={}", sipCallId, trunk.id(), to, cseq);
    } catch (RuntimeException e) {
      fail(new OutboundCallException(Kind.INVALID, 0, "INVITE to " + to + " not sent: " + e.getMessage()));
    }
  }

  private String requestUri(Destination to) {
    String host = to.host().indexOf(':') >= 0 ? "[" + to.host() + "]" : to.host();
    String uri = "sip:" + toNumber + "@" + host + ":" + to.port();
    return to.protocol() == Protocol.UDP ? uri : uri + ";transport=" + to.protocol().name().toLowerCase(Locale.ROOT);
  }

  private void provisional(ClientTransaction from, SipResponse r) {
    if (from != tx || state == State.ENDED) {
      return;
    }
    if (r.status() > 100) {
      state = State.RINGING;
      earlyMedia(r); // before the listeners hear of it: media() is complete when they do
      provisionals.add(r);
      provisionalListeners.forEach(l -> l.accept(r));
    }
    if (cancelRequested && !cancelSent) {
      sendCancel();
    }
  }

  /**
   * A 183 with SDP (early media, RFC 3960) starts our session on that answer, so the far end's ringback or
   * announcement flows before the 2xx; an SDP we cannot use is ignored (the 2xx's answer decides then).
   */
  private void earlyMedia(SipResponse r) {
    if (offerMedia == null || r.status() != 183 || r.body().length == 0 || media.future().isComplete()) {
      return;
    }
    try {
      media.tryComplete(offerMedia.start(r.bodyText(), mediaListener));
      earlySdp = r.bodyText();
      LOG.info("outbound.early-media call={}", sipCallId);
    } catch (SdpException | IllegalStateException e) {
      LOG.info("outbound.early-media-ignored call={} why={}", sipCallId, e.getMessage());
    }
  }

  private void sendCancel() {
    cancelSent = true;
    ClientTransaction invite = tx;
    calls.layer().send(Cancels.create(invite), invite.destination()).response()
        .onSuccess(r -> LOG.debug("outbound.cancel-answered call={} status={}", sipCallId, r.status()));
    LOG.info("outbound.cancel call={}", sipCallId);
  }

  private void finalResponse(ClientTransaction from, SipResponse r) {
    if (from != tx) {
      return;
    }
    int s = r.status();
    if (s >= 200 && s < 300) {
      connected(from, r);
    } else if (s == 422 && !cancelRequested && state != State.ENDED && tooSmallRetries < 2
        && calls.sessionTimers().after422(r, sessionSeconds) > 0) {
      sessionSeconds = calls.sessionTimers().after422(r, sessionSeconds); // §7.4: again, as long as it asks
      tooSmallRetries++;
      authAttempts = 0;
      LOG.info("outbound.session-too-small call={} sessionExpires={}", sipCallId, sessionSeconds);
      sendInvite(null, null);
    } else if ((s == 401 || s == 407) && !cancelRequested && state != State.ENDED) {
      authenticate(r);
    } else if ((s == 408 || s == 503) && !cancelRequested && address + 1 < trunk.addresses().size()) {
      LOG.info("outbound.failover call={} from={} status={}", sipCallId, from.destination(), s);
      address++;
      authAttempts = 0;
      sendInvite(null, null);
    } else if (cancelRequested && s == 487) {
      end("cancelled", new OutboundCallException(Kind.CANCELLED, 487, "cancelled: 487 " + r.reason()));
    } else {
      Kind kind = s == 408 || s == 503 ? Kind.UNREACHABLE : Kind.REJECTED;
      fail(new OutboundCallException(kind, s, "trunk " + trunk.id() + " answered " + s + " " + r.reason()));
    }
  }

  /** §22.2 / §22.3: once per nonce, and once more only if the server says the nonce was merely stale. */
  private void authenticate(SipResponse r) {
    boolean proxy = r.status() == 407;
    String reject = "trunk " + trunk.id() + " answered " + r.status() + " " + r.reason();
    if (!trunk.canAuthenticate()) {
      fail(new OutboundCallException(Kind.REJECTED, r.status(), reject + " and has no digest credentials"));
      return;
    }
    DigestChallenge c;
    try {
      c = DigestChallenge.pick(proxy ? r.proxyAuthenticates() : r.wwwAuthenticates());
    } catch (DigestException | IllegalArgumentException e) {
      fail(new OutboundCallException(Kind.REJECTED, r.status(), reject + ": " + e.getMessage()));
      return;
    }
    if (authAttempts >= 2 || (authAttempts == 1 && !c.stale())) {
      fail(new OutboundCallException(Kind.REJECTED, r.status(), reject + ": credentials refused"));
      return;
    }
    authAttempts++;
    String uri = requestUri(trunk.addresses().get(address));
    String value;
    try {
      value = Digest.authorize(c, trunk.username(), trunk.password(), "INVITE", uri, 1, Digest.cnonce());
    } catch (DigestException e) {
      fail(new OutboundCallException(Kind.REJECTED, r.status(), reject + ": " + e.getMessage()));
      return;
    }
    LOG.info("outbound.authenticate call={} status={} algorithm={} stale={}", sipCallId, r.status(),
        c.algorithm().token(), c.stale());
    sendInvite(proxy ? HeaderNames.PROXY_AUTHORIZATION : HeaderNames.AUTHORIZATION, value);
  }

  private void connected(ClientTransaction from, SipResponse r) {
    try {
      dialog = Dialog.asUac(from.request(), r, calls.contactUri(trunk.addresses().get(address).protocol()));
    } catch (IllegalArgumentException e) {
      fail(new OutboundCallException(Kind.REJECTED, r.status(), "2xx without a dialog: " + e.getMessage()));
      return;
    }
    ack = dialog.ack(from.request().cseq().number());
    calls.layer().sendAck(ack, dialog.nextHop());
    if (state == State.ENDED || cancelRequested) { // cancelled, but the answer won the race: hang up
      state = State.CONNECTED;
      bye("local-bye");
      answered.tryFail(new OutboundCallException(Kind.CANCELLED, r.status(), "cancelled after " + r.status()));
      return;
    }
    state = State.CONNECTED;
    if (offerMedia != null) {
      try {
        if (earlySdp == null) {
          media.tryComplete(offerMedia.start(r.bodyText(), mediaListener));
        } else if (!r.bodyText().isBlank() && !r.bodyText().equals(earlySdp)) { // the 2xx's answer differs
          calls.media().applyAnswer(media.future().result(), new String(offer, StandardCharsets.UTF_8),
              r.bodyText());
        }
      } catch (SdpException e) {
        LOG.info("outbound.bad-answer call={} why={}", sipCallId, e.getMessage());
        answered.tryFail(new OutboundCallException(Kind.REJECTED, r.status(), "unusable SDP answer in "
            + r.status() + ": " + e.getMessage()));
        bye("local-bye");
        return;
      }
    }
    startInDialog(r);
    LOG.info("outbound.connected call={} trunk={}", sipCallId, trunk.id());
    answered.tryComplete(r.bodyText());
  }

  /** The connected dialog takes the trunk's re-INVITE, UPDATE and INFO; the session timer starts. */
  private void startInDialog(SipResponse ok) {
    CallMedia running = offerMedia == null ? null : media.future().result();
    InDialog.Media reanswer = running == null ? null : new LegMedia(calls.media(), () -> running);
    inDialog = new InDialog(sipCallId, dialog, calls.layer(), calls.timers(), calls.sessionTimers(),
        new String(offer, StandardCharsets.UTF_8), reanswer, new InDialog.Owner() {
          @Override
          public void held(boolean held) {
            // the media session already stopped (or restarted) sending; nothing else plays on this leg
          }

          @Override
          public void digit(io.switchboard.media.dtmf.DtmfDigit digit) {
            if (mediaListener != null) {
              mediaListener.onDtmf(digit);
            }
          }

          @Override
          public void expired(String why) {
            if (state == State.CONNECTED) {
              bye(why);
            }
          }

          @Override
          public void unusableAnswer(String why) {
            expired(why); // logged by InDialog (call.reoffer-unusable-answer)
          }
        }, true, SessionExpires.lists(ok, HeaderNames.ALLOW, "UPDATE"), calls.random());
    SessionTimerPolicy.Negotiated n;
    try {
      n = calls.sessionTimers().asUac(ok, sessionSeconds);
    } catch (IllegalArgumentException e) {
      n = sessionSeconds > 0 ? new SessionTimerPolicy.Negotiated(sessionSeconds, true, false) : null;
    }
    inDialog.start(n);
  }

  /** A retransmitted 2xx (our ACK was lost): ACK it again (§13.2.2.4), to the INVITE or to a re-INVITE of ours. */
  void retransmitted2xx(SipResponse r) {
    if (ack != null && r.cseq().number() == ack.cseq().number()) {
      calls.layer().sendAck(ack, dialog.nextHop());
    } else if (inDialog != null) {
      inDialog.retransmitted2xx(r);
    }
  }

  /** An ACK with our Call-ID outside a transaction: the one to a 200 of ours carrying an offer brings its answer. */
  void onAck(SipRequest ack, String sourceHost) {
    if (dialog != null && inDialog != null && state == State.CONNECTED && DialogId.ofIncoming(ack).equals(dialog.id())
        && trunk.isSource(sourceHost)) {
      inDialog.onAck(ack);
    }
  }

  /**
   * A request with our Call-ID: in our dialog by both tags (§12.2.2) or 481; from the trunk (an address or allowed
   * source) or 403, the call untouched. Then BYE ends the call; anything else is refused for now.
   */
  void inDialog(ServerTransaction in) {
    SipRequest r = in.request();
    if (dialog == null || !DialogId.ofIncoming(r).equals(dialog.id())) {
      in.respond(481);
      return;
    }
    if (!trunk.isSource(in.source().host())) {
      LOG.warn("outbound.in-dialog-refused call={} method={} source={}", sipCallId, r.method(), in.source().host());
      in.respond(403);
      return;
    }
    if (!dialog.onRequest(r)) {
      in.respond(500);
      return;
    }
    switch (r.method()) {
      case "BYE" -> {
        in.respond(200);
        LOG.info("outbound.remote-bye call={}", sipCallId);
        end("remote-bye", null);
      }
      case "OPTIONS" -> in.respond(RequestPolicy.optionsAnswer(in.createResponse(200)));
      default -> {
        if (inDialog == null || !inDialog.onRequest(in)) {
          in.respond(inDialog == null ? 481 : 405);
        }
      }
    }
  }

  /** @param why how {@link #ended()} completes: "local-bye", or "session-expired" / "refresh-408|481" */
  private Future<Void> bye(String why) {
    SipRequest bye = dialog.newRequest("BYE");
    Future<SipResponse> sent = calls.layer().send(bye, dialog.nextHop()).response();
    LOG.info("outbound.bye call={} why={}", sipCallId, why);
    end(why, null);
    return sent.mapEmpty();
  }

  private void fail(OutboundCallException e) {
    LOG.info("outbound.failed call={} trunk={} status={} why={}", sipCallId, trunk.id(), e.status(), e.getMessage());
    end("failed:" + e.status(), e);
  }

  private void end(String why, OutboundCallException failure) {
    state = State.ENDED;
    if (failure != null) {
      answered.tryFail(failure);
    } else {
      answered.tryFail(new OutboundCallException(Kind.CANCELLED, 0, "ended before the answer: " + why));
    }
    ended.tryComplete(why);
    if (inDialog != null) {
      inDialog.close();
    }
    if (offerMedia != null) {
      media.tryFail(new OutboundCallException(Kind.CANCELLED, 0, "call ended: " + why));
      offerMedia.close();
    }
    calls.remove(this);
  }
}
