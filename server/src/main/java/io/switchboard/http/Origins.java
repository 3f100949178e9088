package io.switchboard.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which browser origins may open the agent WebSocket ({@code /ws}). A browser sends {@code Origin} with every
 * WebSocket handshake and lets any page open a socket to any host, so without this check a foreign page could
 * ride a token it got hold of, or a victim's query-string token, from the victim's browser.
 *
 * <p>Allowed: the node's own origin (the {@code Host} the handshake came to, with the scheme it came over; over
 * plain HTTP also {@code https://} + that host, because a TLS-terminating proxy in front of the node is the usual
 * deployment and only the owner of the host name can serve pages from it), plus the configured list
 * ({@code http.allowed-origins}). A handshake WITHOUT {@code Origin} is allowed: only browsers send it, and
 * non-browser clients (tests, integrations) cannot be driven by a foreign page, so they are no CSRF vector.
 *
 * <p>Origins are compared in normalised form: lower-case scheme and host, default ports (80, 443) dropped.
 * Immutable and thread-safe.
 */
public final class Origins {
  private final Set<String> configured;

  /** @param configured extra allowed origins such as {@code https://cc.example.com}; each must parse */
  public Origins(List<String> configured) {
    Set<String> set = new LinkedHashSet<>();
    for (String o : configured) {
      set.add(normalize(o).orElseThrow(() -> new IllegalArgumentException(
          "not an origin (scheme://host[:port]): '" + o + "'")));
    }
    this.configured = Set.copyOf(set);
  }

  /** Parses a comma-separated list (the setting's form); blanks are ignored. */
  public static Origins parse(String commaSeparated) {
    List<String> items = commaSeparated == null ? List.of() : List.of(commaSeparated.split(",")).stream()
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new Origins(items);
  }

  /**
   * True when a handshake carrying {@code origin} (null: no header) may proceed.
   *
   * @param scheme    the scheme the request came over ({@code http} or {@code https})
   * @param authority the {@code Host} it came to ({@code host[:port]}), or null when it had none
   */
  public boolean allows(String origin, String scheme, String authority) {
    if (origin == null) {
      return true; // not a browser: see the class comment
    }
    Optional<String> o = normalize(origin);
    if (o.isEmpty()) {
      return false; // includes "null" (sandboxed frames, file: pages)
    }
    if (configured.contains(o.get())) {
      return true;
    }
    if (authority == null || authority.isEmpty()) {
      return false;
    }
    String s = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    if (sameOrigin(o.get(), s, authority)) {
      return true;
    }
    return s.equals("http") && sameOrigin(o.get(), "https", authority);
  }

  private static boolean sameOrigin(String normalizedOrigin, String scheme, String authority) {
    return normalize(scheme + "://" + authority).map(normalizedOrigin::equals).orElse(false);
  }

  /** {@code scheme://host[:port]} in canonical form, or empty when {@code s} is not a plain http(s) origin. */
  public static Optional<String> normalize(String s) {
    try {
      URI u = new URI(s.trim());
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
      if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null || u.getRawUserInfo() != null
          || !(u.getRawPath() == null || u.getRawPath().isEmpty()) || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        return Optional.empty();
      }
      int port = u.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
