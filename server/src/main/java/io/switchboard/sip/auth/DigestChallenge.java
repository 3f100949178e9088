package io.switchboard.sip.auth;

import io.switchboard.sip.AuthValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One Digest challenge (RFC 7616 §3.3, RFC 3261 §22.4) from a WWW-Authenticate or Proxy-Authenticate
 * value. Immutable.
 *
 * @param opaque returned unchanged, null when absent
 * @param qopAuth the server offered qop "auth" (we then send qop=auth, cnonce and nc); false: RFC 2069 form
 * @param stale the previous nonce was merely stale (§3.3): retry with the new one without asking anew
 */
public record DigestChallenge(String realm, String nonce, String opaque, DigestAlgorithm algorithm,
    boolean qopAuth, boolean stale) {

  /**
   * @throws DigestException for a non-Digest scheme, a missing realm or nonce, an unknown algorithm, or a
   *     qop list without "auth"
   */
  public static DigestChallenge parse(AuthValue value) {
    if (!value.isDigest()) {
      throw new DigestException("scheme " + value.scheme() + " is not Digest");
    }
    String realm = value.param("realm").orElseThrow(() -> new DigestException("challenge without realm"));
    String nonce = value.param("nonce").orElseThrow(() -> new DigestException("challenge without nonce"));
    String alg = value.param("algorithm").orElse(null);
    DigestAlgorithm algorithm = DigestAlgorithm.parse(alg)
        .orElseThrow(() -> new DigestException("unsupported algorithm " + alg));
    Optional<String> qop = value.param("qop");
    boolean auth = qop.map(q -> Arrays.stream(q.split(","))
        .anyMatch(t -> t.trim().equalsIgnoreCase("auth"))).orElse(false);
    if (qop.isPresent() && !auth) {
      throw new DigestException("qop " + qop.get() + " offers no \"auth\"");
    }
    boolean stale = value.param("stale").map(s -> s.toLowerCase(Locale.ROOT).equals("true")).orElse(false);
    return new DigestChallenge(realm, nonce, value.param("opaque").orElse(null), algorithm, auth, stale);
  }

  /**
   * The strongest usable challenge among several (RFC 7616 §3.7: a server may offer SHA-256 and MD5);
   * unusable ones are skipped.
   *
   * @throws DigestException when none is usable, naming why the first failed
   */
  public static DigestChallenge pick(List<AuthValue> values) {
    DigestException first = null;
    DigestChallenge best = null;
    for (AuthValue v : values) {
      try {
        DigestChallenge c = parse(v);
        if (best == null || c.algorithm().strength > best.algorithm().strength) {
          best = c;
        }
      } catch (DigestException e) {
        first = first == null ? e : first;
      }
    }
    if (best != null) {
      return best;
    }
    throw first != null ? first : new DigestException("no challenge");
  }

}
