package io.switchboard.sip.transaction;

import io.switchboard.sip.Via;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Identifiers that must be globally unique and unguessable (RFC 3261 §8.1.1.4 Call-ID, §19.3 tags with
 * at least 32 random bits, §8.1.1.7 branches starting with the magic cookie). From SecureRandom so an
 * off-path attacker cannot forge a CANCEL or BYE by guessing them. Thread-safe.
 */
public final class SipIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private SipIds() {}

  /** "z9hG4bK" + 128 random bits in hex. */
  public static String branch() {
    return Via.MAGIC_COOKIE + random(16);
  }

  /** 64 random bits in hex. */
  public static String tag() {
    return random(8);
  }

  /** 128 random bits in hex, "@host" appended when a host is given (null for none). */
  public static String callId(String host) {
    String id = random(16);
    return host == null ? id : id + "@" + host;
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }
}
