package io.switchboard.webrtc;

import java.time.Duration;

/**
 * WebRTC settings of a node, immutable (keys {@code webrtc.*} in {@code switchboard-reference.conf}).
 *
 * @param bindHost address of the one shared ICE UDP socket
 * @param port its port; 0 takes an ephemeral port (tests, several nodes on one host), see {@link WebRtcNode#port()}
 * @param advertisedAddress address of our host candidate in SDP answers, never 0.0.0.0
 * @param connectTimeout ICE + DTLS must be done within this time of the answer, else the leg closes
 * @param consentTimeout no packet (media or answered consent check) from the browser for this long closes the leg
 *     (RFC 7675 section 5.1 says 30 s)
 */
public record WebRtcOptions(
    String bindHost, int port, String advertisedAddress, Duration connectTimeout, Duration consentTimeout) {

  public WebRtcOptions {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("webrtc.bind-host: must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("webrtc.port: must be in 0..65535");
    }
    if (advertisedAddress == null || advertisedAddress.isBlank()) {
      advertisedAddress = isWildcard(bindHost) ? "127.0.0.1" : bindHost;
    }
    if (isWildcard(advertisedAddress)) {
      throw new IllegalArgumentException("webrtc.advertised-address: must be an address browsers can reach");
    }
    if (connectTimeout == null || connectTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("webrtc.connect-timeout-ms: must be at least 100");
    }
    if (consentTimeout == null || consentTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("webrtc.consent-timeout-ms: must be at least 100");
    }
  }

  /** Loopback on an ephemeral port with the documented timeouts (tests). */
  public static WebRtcOptions loopback() {
    return new WebRtcOptions("127.0.0.1", 0, "127.0.0.1", Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  public WebRtcOptions withTimeouts(Duration connect, Duration consent) {
    return new WebRtcOptions(bindHost, port, advertisedAddress, connect, consent);
  }

  private static boolean isWildcard(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host);
  }
}
