package io.switchboard.call;

import io.switchboard.media.dtmf.DtmfDigit;
import io.switchboard.sip.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * DTMF in SIP INFO bodies, the two forms carriers send: {@code application/dtmf-relay} (Cisco's, lines
 * {@code Signal=5} and {@code Duration=160} in ms) and {@code application/dtmf} (the key alone, {@code 5}). Either
 * may give the key as its RFC 4733 event code instead (10 = *, 11 = #, 12-15 = A-D). Pure; thread-safe.
 */
final class InfoDtmf {
  static final String RELAY = "application/dtmf-relay";
  static final String PLAIN = "application/dtmf";
  /** The Accept of a 415 to an INFO we cannot read. */
  static final String ACCEPT = RELAY + ", " + PLAIN;
  /** A key press whose body gives no duration is recorded as this long (Cisco's default), in ms. */
  static final int DEFAULT_DURATION_MS = 250;
  /** Longer bodies are not DTMF. */
  static final int MAX_BODY_BYTES = 1024;
  private static final String KEYS = "0123456789*#ABCD";

  private InfoDtmf() {}

  /** Whether an INFO of this Content-Type carries DTMF we read. */
  static boolean understands(MediaType type) {
    return type.is(RELAY) || type.is(PLAIN);
  }

  /**
   * The key press in {@code body} of {@code type} (one of {@link #understands}).
   *
   * @throws IllegalArgumentException for a body that names no key, or a bad duration (answer 400)
   */
  static DtmfDigit parse(MediaType type, byte[] body) {
    if (body.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("DTMF body larger than " + MAX_BODY_BYTES + " bytes");
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (type.is(PLAIN)) {
      return new DtmfDigit(key(text.trim()), DEFAULT_DURATION_MS, 0, true);
    }
    Character key = null;
    int duration = DEFAULT_DURATION_MS;
    for (String line : text.split("\r?\n")) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        if (!line.isBlank()) {
          throw new IllegalArgumentException("not 'Name=value': '" + line + "'");
        }
        continue;
      }
      String name = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(eq + 1).trim();
      if (name.equals("signal")) {
        key = key(value);
      } else if (name.equals("duration")) {
        if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(Character::isDigit)) {
          throw new IllegalArgumentException("Duration is not a number of ms: '" + value + "'");
        }
        duration = Integer.parseInt(value);
      }
    }
    if (key == null) {
      throw new IllegalArgumentException("no Signal line");
    }
    return new DtmfDigit(key, duration, 0, true);
  }

  private static char key(String s) {
    if (s.length() == 1 && KEYS.indexOf(Character.toUpperCase(s.charAt(0))) >= 0) {
      return Character.toUpperCase(s.charAt(0));
    }
    if (s.length() == 2 && s.charAt(0) == '1' && s.charAt(1) >= '0' && s.charAt(1) <= '5') {
      return KEYS.charAt(10 + s.charAt(1) - '0');
    }
    throw new IllegalArgumentException("not a DTMF key: '" + s + "'");
  }
}
