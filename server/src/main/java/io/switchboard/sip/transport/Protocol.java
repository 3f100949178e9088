package io.switchboard.sip.transport;

import java.util.Locale;
import java.util.Optional;

/** The transports this stack speaks. TLS, SCTP and WS are not implemented yet. */
public enum Protocol {
  UDP(false),
  TCP(true);

  private final boolean reliable;

  Protocol(boolean reliable) {
    this.reliable = reliable;
  }

  /** Reliable transports need no retransmissions and zero-length wait timers (§17.1.1.2, §17.2.1). */
  public boolean reliable() {
    return reliable;
  }

  /** From a Via transport or a URI transport parameter, case-insensitive. */
  public static Optional<Protocol> parse(String text) {
    return switch (text.toUpperCase(Locale.ROOT)) {
      case "UDP" -> Optional.of(UDP);
      case "TCP" -> Optional.of(TCP);
      default -> Optional.empty();
    };
  }
}
