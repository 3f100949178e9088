package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Browser security headers on every HTTP response of the node (web client, REST API, health, metrics, and
 * the problem+json errors of each): mount first, on {@code router.route()}.
 *
 * <ul>
 *   <li>{@code Content-Security-Policy}: the web client is plain ES modules and a stylesheet from the node, with
 *       no inline script or style, so everything is {@code 'self'}; {@code connect-src} adds {@code ws://} and
 *       {@code wss://} of the host the page was served from for the signaling socket (older browsers do not
 *       count them as {@code 'self'}); {@code img-src data:} for the empty favicon; {@code media-src} only
 *       matters for URL sources (the call audio is a MediaStream). API responses get {@code default-src 'none'}.
 *       Both forbid framing ({@code frame-ancestors 'none'}, and {@code X-Frame-Options: DENY} for old
 *       browsers): the softphone must not be click-jacked into answering or transferring calls.</li>
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer} (URLs never leave the
 *       node in a Referer).</li>
 *   <li>{@code Permissions-Policy}: the microphone for the node's own origin only (the softphone needs it); camera,
 *       geolocation, payment and USB for nobody.</li>
 * </ul>
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  static final String PERMISSIONS = "microphone=(self), camera=(), geolocation=(), payment=(), usb=()";
  static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  private static final String WEB_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; media-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
      + "frame-ancestors 'none'; connect-src 'self'";
  // A Host we echo into the policy must be a plain host[:port]: anything else could inject directives.
  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

  @Override
  public void handle(RoutingContext rc) {
    HttpServerResponse r = rc.response();
    r.putHeader("X-Content-Type-Options", "nosniff");
    r.putHeader("Referrer-Policy", "no-referrer");
    r.putHeader("X-Frame-Options", "DENY");
    r.putHeader("Permissions-Policy", PERMISSIONS);
    r.putHeader("Content-Security-Policy", isApi(rc.normalizedPath()) ? API_CSP : webPolicy(rc.request().authority()));
    rc.next();
  }

  private static boolean isApi(String path) {
    return path.startsWith("/api/") || path.startsWith("/health") || path.startsWith("/metrics");
  }

  /** The web client's policy, with the signaling socket's ws/wss origin when the Host is well-formed. */
  static String webPolicy(HostAndPort authority) {
    if (authority == null || !SAFE_HOST.matcher(authority.host()).matches()) {
      return WEB_CSP;
    }
    String hostPort = authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    return WEB_CSP + " ws://" + hostPort + " wss://" + hostPort;
  }
}
