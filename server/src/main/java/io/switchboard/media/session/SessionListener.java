package io.switchboard.media.session;

import io.switchboard.media.dtmf.DtmfDigit;

/**
 * Events of an RTP session, for the call layer. Called on the socket's event loop (DTMF, BYE, latch) or the pacer
 * thread (DTMF closed by timeout); implementations must be quick and thread-safe (hop to their own context).
 */
public interface SessionListener {
  default void onDtmf(DtmfDigit digit) {}

  /** The peer sent RTCP BYE (it is leaving; SIP BYE remains the authority for ending the call). */
  default void onRtcpBye(String reason) {}

  /** Symmetric RTP latched (or re-latched after a NAT rebinding) to {@code peer}. */
  default void onLatched(Peer peer) {}
}
