package io.switchboard.webrtc;

import io.vertx.core.Future;

/** What call control needs from the node's WebRTC side: answer a browser's offer. Thread-safe. */
public interface WebRtcEndpoint {

  /**
   * Answers a browser's SDP offer with a new {@link WebRtcLeg} in state CONNECTING. Fails with
   * {@link io.switchboard.media.sdp.SdpException} naming what is wrong when the offer is unusable (no audio,
   * no PCMU, no ice-ufrag/ice-pwd, no sha-256 fingerprint, setup other than actpass/active, no rtcp-mux, not
   * UDP/TLS/RTP/SAVPF), before any resource is taken.
   */
  Future<WebRtcLeg> answer(String offerSdp, WebRtcLeg.Listener listener);

  /** Legs not yet CLOSED (for leak checks: back to 0 when every call has ended). */
  int activeLegs();
}
