package io.switchboard.sip.session;

import io.switchboard.sip.SipMessage;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@code Session-Expires} value (RFC 4028 §4): {@code delta-seconds [;refresher=uac|uas]}, and reading of
 * {@code Min-SE} (§5) and of option tags. Immutable.
 *
 * @param seconds the session interval in seconds (at least 1)
 * @param refresher who refreshes, or null when the parameter is absent
 */
public record SessionExpires(long seconds, Refresher refresher) {
  /** RFC 4028 §4: "uac" (the dialog's UAC, i.e. the initial INVITE's sender) or "uas". */
  public enum Refresher {
    UAC, UAS;

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String HEADER = "Session-Expires";
  public static final String MIN_SE = "Min-SE";
  /** The option tag of RFC 4028 (§3), in Supported and Require. */
  public static final String TIMER = "timer";
  /** The lowest Min-SE the RFC allows (§4: "MUST NOT be less than 90 seconds"). */
  public static final long RFC_MIN_SE = 90;
  /** Larger values are refused as unreadable rather than overflowing timer arithmetic (about 136 years). */
  static final long MAX_SECONDS = 0xFFFF_FFFFL;

  public SessionExpires {
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException("Session-Expires out of range: " + seconds);
    }
  }

  /**
   * The message's Session-Expires (or its compact form "x"); empty when absent.
   *
   * @throws IllegalArgumentException when present but not {@code delta-seconds *(;param)}, or with a refresher
   *     other than uac/uas (the caller answers 400)
   */
  public static Optional<SessionExpires> of(SipMessage m) {
    Optional<String> v = m.headers().first(HEADER);
    return v.isEmpty() ? Optional.empty() : Optional.of(parse(v.get()));
  }

  /** {@code "1800;refresher=uac"}; see {@link #of}. */
  public static SessionExpires parse(String value) {
    String[] parts = value.split(";");
    long seconds = number(parts[0].trim(), HEADER);
    Refresher refresher = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).trim();
      if (!name.equalsIgnoreCase("refresher")) {
        continue; // generic parameters are allowed (§4) and ignored
      }
      String r = eq < 0 ? "" : p.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
      refresher = switch (r) {
        case "uac" -> Refresher.UAC;
        case "uas" -> Refresher.UAS;
        default -> throw new IllegalArgumentException("Session-Expires refresher must be uac or uas, was '" + r + "'");
      };
    }
    return new SessionExpires(seconds, refresher);
  }

  /**
   * The message's Min-SE in seconds (§5: {@code delta-seconds *(;generic-param)}); empty when absent.
   *
   * @throws IllegalArgumentException when present but unreadable
   */
  public static OptionalLong minSe(SipMessage m) {
    Optional<String> v = m.headers().first(MIN_SE);
    if (v.isEmpty()) {
      return OptionalLong.empty();
    }
    String s = v.get();
    int semi = s.indexOf(';');
    return OptionalLong.of(number((semi < 0 ? s : s.substring(0, semi)).trim(), MIN_SE));
  }

  /** Whether any value of {@code header} (Supported, Require, Allow, ...) lists {@code token}, case-insensitively. */
  public static boolean lists(SipMessage m, String header, String token) {
    for (String v : m.headers().values(header)) {
      for (String t : v.split(",")) {
        if (t.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The header value, e.g. {@code 1800;refresher=uas}. */
  public String format() {
    return refresher == null ? Long.toString(seconds) : seconds + ";refresher=" + refresher.token();
  }

  private static long number(String s, String header) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(header + " is not a number of seconds: '" + s + "'");
    }
    long n = Long.parseLong(s);
    if (n < 1 || n > MAX_SECONDS) {
      throw new IllegalArgumentException(header + " out of range: " + n);
    }
    return n;
  }
}
