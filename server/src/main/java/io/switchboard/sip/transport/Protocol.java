package io.switchboard.sip.transport;

import java.util.Locale;
import java.util.Optional;

/** The transports this stack speaks. SCTP and WS are not implemented. */
public enum Protocol {
  UDP(false, 5060),
  TCP(true, 5060),
  /** TCP with TLS (RFC 3261 §26.2); the transport of sips: URIs. */
  TLS(true, 5061);

  private final boolean reliable;
  private final int defaultPort;

  Protocol(boolean reliable, int defaultPort) {
    this.reliable = reliable;
    this.defaultPort = defaultPort;
  }

  /** Reliable transports need no retransmissions and zero-length wait timers (§17.1.1.2, §17.2.1). */
  public boolean reliable() {
    return reliable;
  }

  /** The port when a URI or Via gives none (§18.2.2, §19.1.2): 5061 for TLS, else 5060. */
  public int defaultPort() {
    return defaultPort;
  }

  /** From a Via transport or a URI transport parameter, case-insensitive. */
  public static Optional<Protocol> parse(String text) {
    return switch (text.toUpperCase(Locale.ROOT)) {
      case "UDP" -> Optional.of(UDP);
      case "TCP" -> Optional.of(TCP);
      case "TLS" -> Optional.of(TLS);
      default -> Optional.empty();
    };
  }
}
