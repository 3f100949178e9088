package io.switchboard.webrtc;

/**
 * Our own deadlines for a leg, since ice4j may stay RUNNING forever and never fails consent by itself. Pure
 * functions of times in milliseconds (from the node's injected clock), so they are testable without waiting.
 */
final class LegTimers {
  private LegTimers() {}

  /**
   * Why the leg must close now, or null.
   *
   * @param startedAt when the answer was made
   * @param lastHeard last packet from the browser (media, DTLS, or an answered consent check)
   * @param iceValidated whether an ICE pair was validated (a connect timeout is then DTLS's fault)
   */
  static String verdict(WebRtcLeg.State state, long now, long startedAt, long lastHeard, boolean iceValidated,
      long connectTimeoutMs, long consentTimeoutMs) {
    switch (state) {
      case CONNECTING:
        if (now - startedAt >= connectTimeoutMs) {
          return iceValidated ? "dtls-failed" : "ice-timeout";
        }
        return null;
      case CONNECTED:
        return now - lastHeard >= consentTimeoutMs ? "consent-expired" : null;
      default:
        return null;
    }
  }
}
