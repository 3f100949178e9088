package io.switchboard.sip;

/**
 * Bounds that keep a hostile peer from making the parser do unbounded work (RFC 3261 §26.1.5 asks
 * for robustness against malformed and oversized messages).
 *
 * @param maxMessageBytes largest message, start line to end of body, in bytes; a UDP datagram cannot
 *     exceed 65,507 anyway, on TCP this bounds what a connection may buffer
 * @param maxHeaders most header values (after splitting lists) one message may hold
 */
public record SipLimits(int maxMessageBytes, int maxHeaders) {
  /** 64 KiB and 256 header values: room for RFC 4475 longreq (34 Vias) and real INVITEs many times over. */
  public static final SipLimits DEFAULTS = new SipLimits(65_535, 256);

  public SipLimits {
    if (maxMessageBytes < 1 || maxHeaders < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
