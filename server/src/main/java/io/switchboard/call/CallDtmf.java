package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.media.dtmf.DtmfDigit;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.session.SessionListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTMF digits (RFC 4733, from the media session) become call events through the ACD ({@link Acd#dtmf}): one
 * {@code call.dtmf} entry in the tenant's event stream and, while an agent is connected, {@code call.dtmf} to the
 * node holding the agent's socket. The ACD owns both the stream and the knowledge of where the agent is.
 *
 * <p>Threading: the session listener hops to the call layer's context; everything else runs there.
 */
final class CallDtmf {
  private static final Logger LOG = LoggerFactory.getLogger(CallDtmf.class);

  private final Context context;
  private final Acd acd;
  private final String tenant;
  /** Digits of a call running its flow go there instead (menus). */
  private final java.util.function.BiConsumer<InboundCall, Character> inFlow;
  /** Digits of a waiting call go there first: true when the callback offer took it ({@link CallbackOffers#digit}). */
  private final java.util.function.BiPredicate<InboundCall, Character> waiting;
  /** Digits of a call leaving a voicemail ({@link Voicemails#digit}: # ends the message); never recorded. */
  private final java.util.function.BiPredicate<InboundCall, Character> voicemail;

  CallDtmf(Context context, Acd acd, String tenant, java.util.function.BiConsumer<InboundCall, Character> inFlow,
      java.util.function.BiPredicate<InboundCall, Character> waiting,
      java.util.function.BiPredicate<InboundCall, Character> voicemail) {
    this.context = context;
    this.acd = acd;
    this.tenant = tenant;
    this.inFlow = inFlow;
    this.waiting = waiting;
    this.voicemail = voicemail;
  }

  /**
   * The media listener of one call: digits are handed to {@link #onDigit} on the call layer's context; every valid
   * packet goes to the call's {@link Bridge} (or a flow transfer's {@link TransferRelay}) at once, on the receive
   * thread (each relays only while bridged).
   */
  SessionListener listener(InboundCall call) {
    return new SessionListener() {
      @Override
      public void onDtmf(DtmfDigit digit) {
        context.runOnContext(v -> onDigit(call, digit));
      }

      @Override
      public void onRtpPacket(RtpPacket packet) {
        Bridge b = call.bridge;
        if (b != null) {
          b.fromCaller(packet);
        }
        TransferRelay t = call.transferRelay;
        if (t != null) {
          t.fromCaller(packet);
        }
      }
    };
  }

  /** Records and forwards one digit; failures are logged (and the future failed), never thrown. */
  Future<Void> onDigit(InboundCall call, DtmfDigit d) {
    if (call.state == InboundCall.State.IN_FLOW) {
      LOG.info("call.dtmf call={} digit={} in=flow", call.callId, d.digit());
      inFlow.accept(call, d.digit());
      return Future.succeededFuture();
    }
    if (call.state == InboundCall.State.VOICEMAIL) {
      LOG.info("call.dtmf call={} digit={} in=voicemail", call.callId, d.digit());
      voicemail.test(call, d.digit());
      return Future.succeededFuture(); // the ACD does not hold the call yet
    }
    if (call.state == InboundCall.State.SETUP || call.state == InboundCall.State.ACCEPTED || call.ended()
        || call.state == InboundCall.State.TRANSFERRED) {
      return Future.succeededFuture(); // no call in the ACD to attach the event to (transferred: relayed as RTP)
    }
    if (call.state == InboundCall.State.WAITING && waiting.test(call, d.digit())) {
      LOG.info("call.dtmf call={} digit={} in=callback", call.callId, d.digit() == '#' ? '#' : 'x');
      return Future.succeededFuture(); // the callback dialog's (a phone number: not recorded)
    }
    LOG.info("call.dtmf call={} digit={} durationMs={}", call.callId, d.digit(), d.durationMillis());
    return acd.dtmf(tenant, call.callId, call.queue, call.agentId, d.digit(), d.durationMillis())
        .onFailure(e -> LOG.warn("call.dtmf-failed call={} why={}", call.callId, e.toString()));
  }
}
