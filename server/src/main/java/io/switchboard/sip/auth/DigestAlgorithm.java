package io.switchboard.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The digest algorithms of RFC 7616 §6.1 we support; "-sess" variants hash the nonces into HA1 (§3.4.2). */
public enum DigestAlgorithm {
  MD5("MD5", "MD5", false, 1),
  MD5_SESS("MD5-sess", "MD5", true, 0),
  SHA_256("SHA-256", "SHA-256", false, 3),
  SHA_256_SESS("SHA-256-sess", "SHA-256", true, 2);

  private final String token;
  private final String jca;
  private final boolean session;
  /** Preference when a server offers several challenges: higher wins. */
  final int strength;

  DigestAlgorithm(String token, String jca, boolean session, int strength) {
    this.token = token;
    this.jca = jca;
    this.session = session;
    this.strength = strength;
  }

  /** As written in the algorithm parameter. */
  public String token() {
    return token;
  }

  public boolean session() {
    return session;
  }

  /** Case-insensitive; an absent parameter means MD5 (RFC 7616 §3.3). */
  public static Optional<DigestAlgorithm> parse(String text) {
    if (text == null) {
      return Optional.of(MD5);
    }
    for (DigestAlgorithm a : values()) {
      if (a.token.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Lower-case hex of the hash of the UTF-8 bytes of {@code text}. */
  public String hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance(jca);
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jca + " missing from the JDK", e);
    }
  }
}
