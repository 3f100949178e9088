package io.switchboard.call;

import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.session.RtpSession;
import io.switchboard.media.session.SessionParams;
import java.util.function.LongSupplier;

/**
 * Joins two SIP media sessions of this node, the caller's and the party a flow transferred it to
 * ({@link FlowTransfers}), relaying every packet on arrival as {@link Bridge} does for a browser leg: audio (PCMU and
 * PCMA transcoded into what the other side negotiated) and RFC 4733 telephone-events (mapped to the other side's PT,
 * dropped if it has none). Each direction goes into the receiving session's own outgoing stream through
 * {@link RtpSession#relay} (its SSRC, next sequence number, timestamps anchored by an {@link RtpRewriter} at the
 * stream's {@link io.switchboard.media.session.StreamSwitch#relayAnchor}), so each party hears one continuous stream
 * from the ringback on.
 *
 * <pre>
 *   OFF ──start (early media or the answer)──► RELAYING ──stop──► OFF (the pacers take both streams back)
 * </pre>
 *
 * <p>Threading: {@link #start} and {@link #stop} on the call layer's context; {@link #fromCaller} and
 * {@link #fromCalled} on each session's media receive thread. A packet racing {@link #stop} is relayed or dropped
 * (the stream drops it itself once out of relay mode), never sent twice.
 */
final class TransferRelay {
  private final RtpSession caller;
  private final RtpSession called;
  private final LongSupplier nanoClock;
  private final RtpRewriter toCalled = new RtpRewriter();
  private final RtpRewriter toCaller = new RtpRewriter();
  private volatile boolean on;

  /** @param nanoClock monotonic clock of the relayed packets (the pacers': {@code System::nanoTime}) */
  TransferRelay(RtpSession caller, RtpSession called, LongSupplier nanoClock) {
    this.caller = caller;
    this.called = called;
    this.nanoClock = nanoClock;
  }

  /** Relays both ways from now on (what the pacers played stops). Idempotent. */
  void start() {
    if (on) {
      return;
    }
    caller.output().startRelay();
    called.output().startRelay();
    on = true;
  }

  /** Stops relaying; each session's pacer plays its current source again, continuous. Idempotent. */
  void stop() {
    on = false;
    caller.output().stopRelay();
    called.output().stopRelay();
  }

  boolean relaying() {
    return on;
  }

  /** A valid packet from the caller's session (its media receive thread). */
  void fromCaller(RtpPacket p) {
    if (on) {
      forward(p, caller, called, toCalled);
    }
  }

  /** A valid packet from the called party's session (its media receive thread). */
  void fromCalled(RtpPacket p) {
    if (on) {
      forward(p, called, caller, toCaller);
    }
  }

  private void forward(RtpPacket p, RtpSession from, RtpSession to, RtpRewriter rewriter) {
    SessionParams in = from.params();
    SessionParams out = to.params();
    int pt;
    byte[] payload;
    if (p.payloadType() == in.payloadType()) {
      pt = out.payloadType();
      payload = transcode(in.codec(), out.codec(), p.payload());
    } else if (p.payloadType() == in.telephoneEventPt() && out.telephoneEventPt() >= 0) {
      pt = out.telephoneEventPt();
      payload = p.payload();
    } else {
      return;
    }
    long ts;
    boolean marker;
    synchronized (rewriter) {
      ts = rewriter.map(p.ssrc(), p.sequence(), p.timestamp(), () -> to.output().relayAnchor());
      if (ts == RtpRewriter.DROP) {
        return;
      }
      marker = p.marker() || rewriter.startedStream() && pt == out.payloadType();
    }
    to.relay(marker, pt, ts, payload, nanoClock.getAsLong());
  }

  static byte[] transcode(AudioCodec from, AudioCodec to, byte[] payload) {
    if (from == to) {
      return payload;
    }
    return from == AudioCodec.PCMA ? G711Transcode.alawToUlaw(payload) : G711Transcode.ulawToAlaw(payload);
  }
}
