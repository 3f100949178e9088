package io.switchboard.api;

import io.switchboard.chat.ChatException;
import io.switchboard.chat.CustomerTokens;
import io.switchboard.chat.RateWindow;
import io.switchboard.json.StrictJson;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * {@code POST /chat/v1/token} {@code {"tenant", "queue"}}: the public route a website's chat widget calls (no JWT).
 * The request's {@code Origin} must be one of the chat queue's widget origins; the answer is a customer token bound
 * to that tenant, queue and origin ({@code {token, expiresAt}}), with CORS headers for that origin only. A request
 * carrying a still-valid customer token ({@code Authorization: Bearer}) of the same binding gets a fresh one for the
 * same customer (a chat resumed after its token expired). Limited per source address
 * ({@code chat.token-requests-per-minute}). Refusals are problem+json naming the field: 400 bad body, 403 origin,
 * 429 too many.
 *
 * <p>Threading: on the event loop; the directory read is asynchronous.
 */
public final class CustomerTokenRoute {
  public static final String PATH = "/chat/v1/token";
  static final int MAX_BODY = 1024;

  /** The body: exactly these fields. */
  record Request(String tenant, String queue) {}

  private final CustomerTokens tokens;
  private final WidgetOrigins origins;
  private final RateWindow perSource;

  public CustomerTokenRoute(CustomerTokens tokens, io.switchboard.directory.Directory directory, RateWindow perSource) {
    this.tokens = tokens;
    this.origins = new WidgetOrigins(directory);
    this.perSource = perSource;
  }

  public void mount(Router router) {
    router.options(PATH).handler(this::preflight);
    router.post(PATH).handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::issue);
  }

  private void preflight(RoutingContext rc) {
    String origin = rc.request().getHeader("Origin");
    HttpServerResponse r = rc.response().setStatusCode(204).putHeader("Vary", "Origin");
    if (origin != null) {  // the answer to the POST itself decides; a preflight reveals nothing
      r.putHeader("Access-Control-Allow-Origin", origin).putHeader("Access-Control-Allow-Methods", "POST")
          .putHeader("Access-Control-Allow-Headers", "Content-Type, Authorization")
          .putHeader("Access-Control-Max-Age", "600");
    }
    r.end();
  }

  private void issue(RoutingContext rc) {
    String source = rc.request().remoteAddress() == null ? "?" : rc.request().remoteAddress().hostAddress();
    if (!perSource.tryAcquire(source)) {
      new Problem(429, "Too Many Requests", "too many chat token requests from this address; retry in "
          + (perSource.retryAfterMs(source) + 999) / 1000 + " s", List.of()).send(rc.response());
      return;
    }
    Request req;
    try {
      req = StrictJson.parse(rc.body().asString(), Request.class);
    } catch (StrictJson.JsonError e) {
      Problem.invalidField(e.field() == null ? "body" : e.field(), e.getMessage()).send(rc.response());
      return;
    } catch (RuntimeException e) {
      Problem.invalidField("body", "must be a JSON object {tenant, queue}").send(rc.response());
      return;
    }
    if (req == null || req.tenant() == null || req.queue() == null) {
      Problem.invalidField(req == null || req.tenant() == null ? "tenant" : "queue", "is required")
          .send(rc.response());
      return;
    }
    String presented = bearer(rc);
    origins.check(req.tenant(), req.queue(), rc.request().getHeader("Origin"))
        .compose(origin -> Future.succeededFuture(tokens.issue(req.tenant(), req.queue(), origin,
            sameCustomer(presented, req, origin))).map(t -> new Object[] {origin, t}))
        .onSuccess(r -> {
          String token = (String) r[1];
          rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
              .putHeader("Access-Control-Allow-Origin", (String) r[0]).putHeader("Vary", "Origin")
              .putHeader("Cache-Control", "no-store")
              .end(new JsonObject().put("token", token)
                  .put("expiresAt", tokens.verify(token).expiresAt().toString()).encode());
        })
        .onFailure(e -> {
          if (e instanceof ChatException c) {
            new Problem(403, "Forbidden", c.getMessage(), List.of(new Problem.FieldError(c.field(), c.getMessage())))
                .send(rc.response());
          } else {
            rc.fail(e);
          }
        });
  }

  /** The subject of a still-valid customer token of the same binding, or null: a new customer. */
  private String sameCustomer(String presented, Request req, String origin) {
    if (presented == null) {
      return null;
    }
    try {
      CustomerTokens.Claims c = tokens.verify(presented);
      return c.tenant().equals(req.tenant()) && c.queue().equals(req.queue()) && c.origin().equals(origin)
          ? c.subject() : null;
    } catch (ChatException e) {
      return null;
    }
  }

  private static String bearer(RoutingContext rc) {
    String h = rc.request().getHeader("Authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7).trim() : null;
  }
}
