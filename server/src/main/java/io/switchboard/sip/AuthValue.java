package io.switchboard.sip;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A challenge (WWW-Authenticate, Proxy-Authenticate) or credentials (Authorization,
 * Proxy-Authorization), RFC 3261 §20.7, §20.27, §20.28, §20.44, §22.4, §25.1:
 * <pre>
 *   auth-scheme LWS auth-param *( COMMA auth-param ),  auth-param = token EQUAL ( token / quoted-string )
 * </pre>
 * The commas separate parameters of one value, so these headers are never split into list values
 * (§7.3.1). Digest and unknown schemes (RFC 4475 regaut01) share the shape. Immutable.
 */
public record AuthValue(String scheme, Params params) {
  public static AuthValue parse(String value, String what) {
    Scanner sc = new Scanner(value, what);
    sc.sws();
    String scheme = sc.token();
    sc.lws();
    List<Params.Param> params = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    do {
      String name = sc.token();
      sc.sep('=');
      String v = sc.peek() == '"' ? sc.quotedString() : sc.token();
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw sc.fail();
      }
      params.add(new Params.Param(name, v));
    } while (sc.trySep(','));
    sc.end();
    return new AuthValue(scheme, Params.of(params));
  }

  public boolean isDigest() {
    return scheme.equalsIgnoreCase("Digest");
  }

  /** A parameter unquoted ("realm", "nonce", "response", ...). */
  public Optional<String> param(String name) {
    return params.get(name);
  }

  /** "Scheme a=b, c="d"" with the parameters as written. */
  public String format() {
    StringBuilder b = new StringBuilder(scheme);
    String sep = " ";
    for (Params.Param p : params.asList()) {
      b.append(sep).append(p.name()).append('=').append(p.value());
      sep = ", ";
    }
    return b.toString();
  }
}
