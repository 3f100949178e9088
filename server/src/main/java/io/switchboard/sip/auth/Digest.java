package io.switchboard.sip.auth;

import io.switchboard.sip.AuthValue;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Digest response computation (RFC 7616 §3.4.1-§3.4.3, RFC 2617 §3.2.2) and the Authorization value
 * built from it. Pure and thread-safe.
 */
public final class Digest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Digest() {}

  /**
   * The request-digest: KD(HA1, nonce ":" nc ":" cnonce ":" qop ":" HA2) with qop, else KD(HA1, nonce ":"
   * HA2); HA1 = H(user ":" realm ":" password) (for -sess: H(that ":" nonce ":" cnonce)), HA2 = H(method
   * ":" uri).
   *
   * @param qop "auth" or null for the RFC 2069 form (nc and cnonce then unused, except cnonce for -sess)
   */
  public static String response(DigestAlgorithm alg, String username, String realm, String password,
      String method, String uri, String nonce, String nc, String cnonce, String qop) {
    String ha1 = alg.hex(username + ":" + realm + ":" + password);
    if (alg.session()) {
      ha1 = alg.hex(ha1 + ":" + nonce + ":" + cnonce);
    }
    String ha2 = alg.hex(method + ":" + uri);
    String data = qop == null ? nonce + ":" + ha2 : nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2;
    return alg.hex(ha1 + ":" + data);
  }

  /** 96 random bits in hex, for a cnonce. */
  public static String cnonce() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** nc as the 8 hex digits the RFC requires (§3.4). */
  public static String nc(int count) {
    return String.format("%08x", count);
  }

  /**
   * The Authorization / Proxy-Authorization value answering {@code c} for one request.
   *
   * @param nc the nonce count for this nonce, from 1
   * @param cnonce from {@link #cnonce()} (tests pass the RFC's)
   * @throws DigestException when the username or realm cannot be quoted
   */
  public static String authorize(DigestChallenge c, String username, String password, String method, String uri,
      int nc, String cnonce) {
    quotable("username", username);
    quotable("uri", uri);
    String qop = c.qopAuth() ? "auth" : null;
    String ncText = nc(nc);
    String response = response(c.algorithm(), username, c.realm(), password, method, uri, c.nonce(), ncText,
        cnonce, qop);
    StringBuilder b = new StringBuilder("Digest username=").append(q(username))
        .append(", realm=").append(q(c.realm()))
        .append(", nonce=").append(q(c.nonce()))
        .append(", uri=").append(q(uri))
        .append(", response=").append(q(response))
        .append(", algorithm=").append(c.algorithm().token());
    if (qop != null || c.algorithm().session()) {
      b.append(", cnonce=").append(q(cnonce));
    }
    if (c.opaque() != null) {
      b.append(", opaque=").append(q(c.opaque()));
    }
    if (qop != null) {
      b.append(", qop=auth, nc=").append(ncText);
    }
    return b.toString();
  }

  /**
   * Server side: whether {@code credentials} answer a challenge for {@code expectedRealm} and
   * {@code expectedNonce} with the right password for {@code method}. Constant-time comparison.
   */
  public static boolean verify(AuthValue credentials, String method, String password, String expectedRealm,
      String expectedNonce) {
    if (!credentials.isDigest()) {
      return false;
    }
    String realm = credentials.param("realm").orElse("");
    String nonce = credentials.param("nonce").orElse("");
    if (!realm.equals(expectedRealm) || !nonce.equals(expectedNonce)) {
      return false;
    }
    DigestAlgorithm alg = DigestAlgorithm.parse(credentials.param("algorithm").orElse(null)).orElse(null);
    String username = credentials.param("username").orElse(null);
    String uri = credentials.param("uri").orElse(null);
    String given = credentials.param("response").orElse(null);
    if (alg == null || username == null || uri == null || given == null) {
      return false;
    }
    String qop = credentials.param("qop").orElse(null);
    String expected = response(alg, username, realm, password, method, uri, nonce,
        credentials.param("nc").orElse(""), credentials.param("cnonce").orElse(""), qop);
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  private static String q(String s) {
    return "\"" + s + "\"";
  }

  private static void quotable(String what, String value) {
    if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0 || value.chars().anyMatch(Character::isISOControl)) {
      throw new DigestException(what + " contains a quote, backslash or control character");
    }
  }
}
