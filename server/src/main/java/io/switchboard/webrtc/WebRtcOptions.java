package io.switchboard.webrtc;

import io.switchboard.net.BindHosts;
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
 * @param harvester who reads the shared port: ice4j's receive thread, or the media loops (spike, see
 *     {@link Harvester})
 */
public record WebRtcOptions(String bindHost, int port, String advertisedAddress, Duration connectTimeout,
    Duration consentTimeout, Harvester harvester) {

  /** {@code webrtc.harvester}: who reads the shared ICE port. */
  public enum Harvester {
    /** ice4j's SinglePortUdpHarvester: one thread woken per datagram, hands SRTP to the media loops. */
    ICE4J,
    /** {@link LoopHarvester}: a media loop polls the port with the call sockets (docs/harvester-design.md). */
    LOOPS;

    /** Parses the setting ({@code ice4j} or {@code loops}). */
    public static Harvester parse(String s) {
      return switch (s == null ? "" : s.trim()) {
        case "", "ice4j" -> ICE4J;
        case "loops" -> LOOPS;
        default -> throw new IllegalArgumentException("webrtc.harvester: must be ice4j or loops");
      };
    }
  }

  /** With ice4j's harvester (the default). */
  public WebRtcOptions(
      String bindHost, int port, String advertisedAddress, Duration connectTimeout, Duration consentTimeout) {
    this(bindHost, port, advertisedAddress, connectTimeout, consentTimeout, Harvester.ICE4J);
  }

  public WebRtcOptions {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("webrtc.bind-host: must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("webrtc.port: must be in 0..65535");
    }
    if (advertisedAddress == null || advertisedAddress.isBlank()) {
      advertisedAddress = BindHosts.concrete(bindHost);
    }
    if (BindHosts.isWildcard(advertisedAddress)) {
      throw new IllegalArgumentException("webrtc.advertised-address: must be an address browsers can reach");
    }
    if (connectTimeout == null || connectTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("webrtc.connect-timeout-ms: must be at least 100");
    }
    if (consentTimeout == null || consentTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("webrtc.consent-timeout-ms: must be at least 100");
    }
    if (harvester == null) {
      harvester = Harvester.ICE4J;
    }
  }

  /** Loopback on an ephemeral port with the documented timeouts (tests). */
  public static WebRtcOptions loopback() {
    return new WebRtcOptions("127.0.0.1", 0, "127.0.0.1", Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  public WebRtcOptions withTimeouts(Duration connect, Duration consent) {
    return new WebRtcOptions(bindHost, port, advertisedAddress, connect, consent, harvester);
  }

  public WebRtcOptions withHarvester(Harvester h) {
    return new WebRtcOptions(bindHost, port, advertisedAddress, connectTimeout, consentTimeout, h);
  }
}
