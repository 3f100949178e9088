package io.switchboard.media.session;

import io.switchboard.media.dtmf.DtmfDigit;
import io.switchboard.media.rtp.RtpPacket;

/**
 * Events of an RTP session, for the call layer. Called on the socket's media loop (DTMF, BYE, latch) or the pacer
 * thread (DTMF closed by timeout); implementations must be quick and thread-safe (hop to their own context).
 */
public interface SessionListener {
  default void onDtmf(DtmfDigit digit) {}

  /** The peer sent RTCP BYE (it is leaving; SIP BYE remains the authority for ending the call). */
  default void onRtcpBye(String reason) {}

  /**
   * A valid RTP packet from the latched peer (negotiated audio PT or telephone-event), after the session's own
   * processing: the call layer's relay hook. Called on the socket's media loop, outside the session's lock; must
   * not block (a relay sends at once and returns). {@code packet} is immutable and owned by the callee afterwards.
   */
  default void onRtpPacket(RtpPacket packet) {}

  /**
   * Strict RTP latched to {@code peer}: its SDP address, or a source that passed probation; again when the SDP
   * address takes over or a new source re-learns (see RtpSourceFilter). Called under the session's lock.
   */
  default void onLatched(Peer peer) {}
}
