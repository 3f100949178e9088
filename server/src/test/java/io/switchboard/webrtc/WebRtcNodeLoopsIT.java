package io.switchboard.webrtc;

/**
 * Every {@link WebRtcNodeIT} test with the shared port read by a media loop ({@code webrtc.harvester=loops}):
 * ICE (checks, nomination, consent), DTLS, SRTP both ways and the deadlines must not depend on who reads the port.
 */
class WebRtcNodeLoopsIT extends WebRtcNodeIT {
  @Override
  WebRtcOptions.Harvester harvester() {
    return WebRtcOptions.Harvester.LOOPS;
  }
}
