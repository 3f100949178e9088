package io.switchboard.call;

import io.switchboard.call.OutboundCallException.Kind;
import io.switchboard.directory.Directory;
import io.switchboard.media.MediaNode;
import io.switchboard.media.session.SessionListener;
import io.switchboard.sip.RequestPolicy;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transaction.Timers;
import io.switchboard.sip.transaction.VertxTimers;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.sip.transport.Destination;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Originates calls to trunks ({@link #originate}) and owns their dialogs. It shares the SIP listener's
 * transaction layer with inbound call control: {@link #routing(TransactionUser)} wraps the inbound
 * transaction user so requests and retransmitted 2xx of outbound dialogs come here.
 *
 * <pre>
 *   originate ─► OutboundTrunk.load (directory + secret) ─► OutboundCall.start ─► INVITE to address[0]
 *   layer ─► routing TU ─ Call-ID of an outbound call? ─ yes ─► OutboundCall (BYE in, 2xx re-ACK)
 *                                                      └ no ──► the inbound TU
 * </pre>
 *
 * <p>Threading: confined to the SIP transport's event loop ({@code context}); {@link #originate} may be
 * called from any thread.
 */
public final class OutboundCalls {
  /** E.164 with or without "+", or a short extension: what goes into a SIP URI user part unescaped. */
  static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,15}");

  private final Context context;
  private final Directory directory;
  private final String contactHostPort;
  private final MediaNode media;
  /** Written on the event loop only; concurrent so that gauges may count it from the metrics thread. */
  private final Map<String, OutboundCall> bySipCallId = new ConcurrentHashMap<>();
  private final java.util.Random random = new java.security.SecureRandom();
  private TransactionLayer layer;
  private Timers timers;
  private SessionTimerPolicy sessionTimers = SessionTimerPolicy.OFF;
  /** Holds trunks to their maxConcurrentCalls; null: not held. */
  private volatile TrunkLimits trunkLimits;

  /**
   * @param context the SIP transport's event loop
   * @param contactHostPort our advertised "host:port" for Contact and From
   */
  public OutboundCalls(Context context, Directory directory, String contactHostPort) {
    this(context, directory, contactHostPort, null);
  }

  /**
   * @param media the node's media, for calls originated with {@link #originate(String, String, String, String,
   *     SessionListener)} (our own offer and RTP session); null if only external offers are used
   */
  public OutboundCalls(Context context, Directory directory, String contactHostPort, MediaNode media) {
    this.context = context;
    this.directory = directory;
    this.contactHostPort = contactHostPort;
    this.media = media;
  }

  /**
   * Counts every call from now on against its trunk's maxConcurrentCalls (with the inbound calls of the same trunk);
   * a call beyond it fails with {@link Kind#TRUNK_FULL} before anything is sent. Set before the first originate.
   */
  public void limitTrunks(TrunkLimits limits) {
    this.trunkLimits = limits;
  }

  /** The layer INVITEs go through; set once, before the first {@link #originate}. */
  public void attach(TransactionLayer layer) {
    this.layer = layer;
  }

  /**
   * Session timers (RFC 4028) offered in our INVITEs from now on (default: none offered, a trunk's honoured); set
   * before the first {@link #originate}.
   */
  public void sessionTimers(SessionTimerPolicy policy) {
    this.sessionTimers = policy;
  }

  /** The clock of session refreshes and expiry (default: Vert.x timers on the event loop; tests: manual). */
  public void timers(Timers t) {
    this.timers = t;
  }

  /**
   * Calls {@code toNumber} through the tenant's trunk, offering {@code offerSdp}. Completes (on the event
   * loop) once the INVITE is sent, with the call to follow ({@link OutboundCall#answered()}); fails with an
   * {@link OutboundCallException} of kind INVALID for a bad number or an unusable trunk.
   */
  public Future<OutboundCall> originate(String tenant, String trunkId, String toNumber, String fromNumber,
      String offerSdp) {
    String bad = check(toNumber, fromNumber);
    if (bad == null && (offerSdp == null || offerSdp.isBlank())) {
      bad = "offerSdp is required";
    }
    if (bad != null) {
      return invalid(bad);
    }
    return start(OutboundTrunk.load(directory, tenant, trunkId), toNumber, fromNumber, offerSdp, null, null);
  }

  /**
   * Calls {@code toNumber} with media of our own: an RTP port pair and our SDP offer (PCMU, PCMA,
   * telephone-event; RTP/SAVP with SDES keys when the trunk's {@code mediaEncryption} is {@code sdes}) from the
   * node's {@link MediaNode}; when the trunk answers, the answer is applied and
   * {@link OutboundCall#media()} gives the running session (silent until a source is switched in). The ports are
   * released when the call ends, however it ends. Fails like the other {@code originate}, or with an
   * IllegalStateException when the port range is exhausted or no MediaNode was given.
   *
   * @param listener the RTP session's events (DTMF, RTCP BYE, latching)
   */
  public Future<OutboundCall> originate(String tenant, String trunkId, String toNumber, String fromNumber,
      SessionListener listener) {
    String bad = check(toNumber, fromNumber);
    if (bad != null) {
      return invalid(bad); // before taking a port
    }
    if (media == null) {
      return Future.failedFuture(new IllegalStateException("OutboundCalls has no MediaNode: pass an offerSdp"));
    }
    // the trunk first: it says whether the offer is SRTP
    return OutboundTrunk.load(directory, tenant, trunkId).compose(trunk -> media.offer(trunk.srtp())
        .compose(offer -> start(Future.succeededFuture(trunk), toNumber, fromNumber, offer.sdp(), offer, listener)
            .onFailure(e -> offer.close())));
  }

  private static String check(String toNumber, String fromNumber) {
    if (toNumber == null || !NUMBER.matcher(toNumber).matches()) {
      return "toNumber must be 1-15 digits, optionally after '+'";
    }
    if (fromNumber == null || !NUMBER.matcher(fromNumber).matches()) {
      return "fromNumber must be 1-15 digits, optionally after '+'";
    }
    return null;
  }

  private Future<OutboundCall> start(Future<OutboundTrunk> trunk, String toNumber, String fromNumber,
      String offerSdp, MediaNode.PendingOffer offer, SessionListener listener) {
    if (layer == null) {
      return Future.failedFuture(new IllegalStateException("OutboundCalls not attached to a transaction layer"));
    }
    Promise<OutboundCall> started = Promise.promise();
    trunk.onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        started.fail(ar.cause());
        return;
      }
      OutboundCall call = new OutboundCall(this, ar.result(), toNumber, fromNumber, offerSdp, offer, listener);
      admit(call).onComplete(admitted -> context.runOnContext(w -> {
        if (admitted.failed()) {
          started.fail(admitted.cause());
          return;
        }
        bySipCallId.put(call.sipCallId(), call);
        call.start();
        started.complete(call);
      }));
    }));
    return started.future();
  }

  /** The call takes a slot of its trunk before its INVITE: TRUNK_FULL when the trunk carries its maximum. */
  private Future<Void> admit(OutboundCall call) {
    TrunkLimits limits = trunkLimits;
    OutboundTrunk trunk = call.trunk();
    if (limits == null) {
      return Future.succeededFuture();
    }
    return limits.admit(trunk.tenant(), trunk.id(), trunk.maxConcurrentCalls(), slotId(call), "outbound")
        .recover(e -> Future.failedFuture(e instanceof Refused ? new OutboundCallException(Kind.TRUNK_FULL, 503,
            "trunk " + trunk.id() + " carries its maxConcurrentCalls (" + trunk.maxConcurrentCalls() + ") already")
            : e));
  }

  /** The call's trunk slot id: its Call-ID, apart from inbound calls' ids (those start with "sip-"). */
  private static String slotId(OutboundCall call) {
    return "out-" + call.sipCallId();
  }

  private static <T> Future<T> invalid(String why) {
    return Future.failedFuture(new OutboundCallException(Kind.INVALID, 0, why));
  }

  /** Calls not yet ended (for leak checks); on any thread it is a racy snapshot. */
  public int activeCalls() {
    return bySipCallId.size();
  }

  /** Connected calls (confirmed dialogs); a racy snapshot on any thread (for the dialogs gauge). */
  public int dialogCount() {
    int n = 0;
    for (OutboundCall c : bySipCallId.values()) {
      if (c.state() == OutboundCall.State.CONNECTED) {
        n++;
      }
    }
    return n;
  }

  /**
   * A transaction user that gives outbound dialogs their requests and retransmitted 2xx, and everything
   * else to {@code inbound}. Pass it to the {@link TransactionLayer} instead of the inbound one.
   */
  public TransactionUser routing(TransactionUser inbound) {
    return new OutboundRouting(this, inbound);
  }

  /**
   * True if {@code tx} (a new request) belongs to an outbound call and was answered here: refused by
   * {@link RequestPolicy} first, then matched to the call's dialog.
   */
  public boolean onRequest(ServerTransaction tx) {
    OutboundCall call = bySipCallId.get(tx.request().callId());
    if (call == null) {
      return false;
    }
    RequestPolicy.refusal(tx.request(), tx.localTag()).ifPresentOrElse(tx::respond, () -> call.inDialog(tx));
    return true;
  }

  /** True if {@code ack} (a 2xx's ACK, outside any transaction) belongs to an outbound call (taken here). */
  public boolean onAck(SipRequest ack, Destination source) {
    OutboundCall call = bySipCallId.get(ack.callId());
    if (call == null) {
      return false;
    }
    call.onAck(ack, source.host());
    return true;
  }

  /** True if {@code r} is a 2xx retransmission for an outbound call (re-ACKed here, to its INVITE or a re-INVITE). */
  public boolean onStrayResponse(SipResponse r, Destination source) {
    OutboundCall call = bySipCallId.get(r.callId());
    if (call == null || !r.cseq().method().equals("INVITE") || r.status() < 200 || r.status() >= 300) {
      return false;
    }
    call.retransmitted2xx(r);
    return true;
  }

  /** Hangs up every call (node shutdown). */
  public void close() {
    context.runOnContext(v -> Map.copyOf(bySipCallId).values().forEach(OutboundCall::hangup));
  }

  Context context() {
    return context;
  }

  SessionTimerPolicy sessionTimers() {
    return sessionTimers;
  }

  Timers timers() {
    if (timers == null) {
      timers = new VertxTimers(context);
    }
    return timers;
  }

  java.util.Random random() {
    return random;
  }

  MediaNode media() {
    return media;
  }

  TransactionLayer layer() {
    return layer;
  }

  String contactHostPort() {
    return contactHostPort;
  }

  /** Our Contact for a dialog set up over {@code transport} (TLS has its own listener port). */
  String contactUri(io.switchboard.sip.transport.Protocol transport) {
    int port = transport == io.switchboard.sip.transport.Protocol.TLS
        ? layer.transport().listenPort(io.switchboard.sip.transport.Protocol.TLS) : -1;
    return io.switchboard.sip.transport.Contacts.uri(contactHostPort, transport, port, false);
  }

  void remove(OutboundCall call) {
    bySipCallId.remove(call.sipCallId(), call);
    TrunkLimits limits = trunkLimits;
    if (limits != null) {
      limits.release(slotId(call));
    }
  }
}
