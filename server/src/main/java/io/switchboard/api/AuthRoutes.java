package io.switchboard.api;

import io.switchboard.auth.AuthException;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.LoginSource;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.auth.ServiceTokens;
import io.switchboard.auth.TooManyAttemptsException;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.json.StrictJson;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/auth/*} (login, refresh, logout: no bearer needed) and {@code /api/v1/service-tokens}
 * (admin only, always in the caller's own tenant). Bodies are strict JSON ({@link StrictJson}) sent as
 * {@code application/json} (which also forces a CORS preflight, so another site cannot post a login form);
 * at most {@value #MAX_BODY_BYTES} bytes. Errors are problem+json naming the field.
 */
public final class AuthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
  static final int MAX_BODY_BYTES = 8192;
  private static final int MAX_USERNAME = 128;
  private static final int MAX_PASSWORD = 1024;
  private static final int MAX_NAME = 100;

  record LoginBody(String tenant, String username, String password) {}

  record RefreshBody(String refreshToken) {}

  record ServiceTokenBody(String name, List<String> roles) {}

  private final AuthService auth;
  private final RouteGuard guard;
  private final SwitchboardConfig config;

  public AuthRoutes(AuthService auth, RouteGuard guard, SwitchboardConfig config) {
    this.auth = auth;
    this.guard = guard;
    this.config = config;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    json(router.post("/api/v1/auth/login"), body, this::login);
    json(router.post("/api/v1/auth/refresh"), body, this::refresh);
    json(router.post("/api/v1/auth/logout"), body, this::logout);
    router.get("/api/v1/service-tokens").handler(guard.require(Role.ADMIN)).handler(this::listServiceTokens)
        .failureHandler(AuthRoutes::failure);
    // The guard runs on a route of its own BEFORE the body handler's (Vert.x allows a body handler only first on
    // a route): a stranger gets 401 without the node reading (or answering 413 to) whatever body they send.
    router.post("/api/v1/service-tokens").handler(guard.require(Role.ADMIN)).failureHandler(AuthRoutes::failure);
    router.post("/api/v1/service-tokens").handler(body).handler(this::createServiceToken)
        .failureHandler(AuthRoutes::failure);
    router.delete("/api/v1/service-tokens/:id").handler(guard.require(Role.ADMIN))
        .handler(this::revokeServiceToken).failureHandler(AuthRoutes::failure);
  }

  private static void json(Route route, BodyHandler body, Handler<RoutingContext> handler) {
    route.handler(body).handler(handler).failureHandler(AuthRoutes::failure);
  }

  private void login(RoutingContext rc) {
    LoginBody b = parse(rc, LoginBody.class);
    if (b == null) {
      return;
    }
    String tenant = b.tenant() == null ? config.bootstrapTenant() : b.tenant();
    List<Problem.FieldError> errors = new ArrayList<>();
    if (!tenant.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      errors.add(new Problem.FieldError("tenant", "must be lower-case letters, digits and '-'"));
    }
    requireText(errors, "username", b.username(), MAX_USERNAME);
    requireText(errors, "password", b.password(), MAX_PASSWORD);
    if (!errors.isEmpty()) {
      Problem.invalid(errors).send(rc.response());
      return;
    }
    String source = LoginSource.of(rc.request().remoteAddress() == null ? null
        : rc.request().remoteAddress().hostAddress());
    reply(rc, auth.login(tenant, b.username(), b.password(), source), 200, this::tokens);
  }

  private void refresh(RoutingContext rc) {
    RefreshBody b = parse(rc, RefreshBody.class);
    if (b != null && requireToken(rc, b.refreshToken())) {
      reply(rc, auth.refresh(b.refreshToken()), 200, this::tokens);
    }
  }

  private void logout(RoutingContext rc) {
    RefreshBody b = parse(rc, RefreshBody.class);
    if (b != null && requireToken(rc, b.refreshToken())) {
      reply(rc, auth.logout(b.refreshToken()), 204, v -> null);
    }
  }

  private void listServiceTokens(RoutingContext rc) {
    Principal p = Principals.of(rc);
    reply(rc, auth.listServiceTokens(p.tenant()), 200, list -> {
      JsonArray items = new JsonArray();
      list.forEach(i -> items.add(info(i)));
      return new JsonObject().put("items", items);
    });
  }

  private void createServiceToken(RoutingContext rc) {
    ServiceTokenBody b = parse(rc, ServiceTokenBody.class);
    if (b == null) {
      return;
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    requireText(errors, "name", b.name(), MAX_NAME);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (b.roles() == null || b.roles().isEmpty()) {
      errors.add(new Problem.FieldError("roles", "is required: one or more of " + Role.wireList()));
    } else {
      for (int i = 0; i < b.roles().size(); i++) {
        String r = b.roles().get(i);
        String field = "roles." + i;
        Role.fromWire(r).ifPresentOrElse(roles::add, () -> errors.add(new Problem.FieldError(
            field, "unknown role '" + r + "' (" + Role.wireList() + ")")));
      }
    }
    if (!errors.isEmpty()) {
      Problem.invalid(errors).send(rc.response());
      return;
    }
    Principal p = Principals.of(rc);
    reply(rc, auth.createServiceToken(p.tenant(), b.name().trim(), roles), 201,
        c -> info(c.info()).put("token", c.token()));
  }

  private void revokeServiceToken(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String id = rc.pathParam("id");
    auth.revokeServiceToken(p.tenant(), id).onComplete(ar -> {
      if (ar.failed()) {
        fail(rc, ar.cause());
      } else if (ar.result()) {
        rc.response().setStatusCode(204).end();
      } else {
        Problem.notFound("no service token " + id).send(rc.response());
      }
    });
  }

  private static JsonObject info(ServiceTokens.Info i) {
    JsonArray roles = new JsonArray();
    i.roles().stream().sorted().forEach(r -> roles.add(r.wire()));
    return new JsonObject().put("id", i.id()).put("name", i.name()).put("roles", roles)
        .put("createdAt", i.createdAt().toString());
  }

  private JsonObject tokens(AuthService.Tokens t) {
    return new JsonObject()
        .put("accessToken", t.accessToken())
        .put("refreshToken", t.refreshToken())
        .put("tokenType", "Bearer")
        .put("expiresIn", t.expiresInSeconds());
  }

  /** The body bound strictly to {@code type}, or null after answering 400/415. */
  private static <T> T parse(RoutingContext rc, Class<T> type) {
    String contentType = rc.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      new Problem(415, "Unsupported Media Type", "send the body as application/json", List.of())
          .send(rc.response());
      return null;
    }
    String text;
    try {
      text = JsonBodies.utf8(rc.body().buffer());
    } catch (Problem p) {
      p.send(rc.response());
      return null;
    }
    if (text == null || text.isBlank()) {
      Problem.badRequest("a JSON object body is required").send(rc.response());
      return null;
    }
    try {
      // parseObject refuses duplicate keys and non-objects; bind refuses unknown fields and wrong types.
      return StrictJson.bind(StrictJson.parseObject(text), type);
    } catch (StrictJson.JsonError e) {
      (e.field() == null ? Problem.badRequest(e.getMessage()) : Problem.invalidField(e.field(), e.getMessage()))
          .send(rc.response());
      return null;
    }
  }

  private static void requireText(List<Problem.FieldError> errors, String field, String value, int max) {
    if (value == null || value.isBlank()) {
      errors.add(new Problem.FieldError(field, "is required"));
    } else if (value.length() > max) {
      errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
    }
  }

  private static boolean requireToken(RoutingContext rc, String token) {
    if (token == null || token.isBlank()) {
      Problem.invalidField("refreshToken", "is required").send(rc.response());
      return false;
    }
    return true;
  }

  private static <T> void reply(RoutingContext rc, Future<T> f, int status, Function<T, JsonObject> body) {
    f.onComplete(ar -> {
      if (ar.failed()) {
        fail(rc, ar.cause());
        return;
      }
      JsonObject json = body.apply(ar.result());
      rc.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
      if (json == null) {
        rc.response().end();
      } else {
        rc.response().putHeader("Content-Type", "application/json").end(json.encode());
      }
    });
  }

  private static void fail(RoutingContext rc, Throwable cause) {
    if (cause instanceof AuthException a) {
      (a.status() == 403 ? Problem.forbidden(a.getMessage()) : Problem.unauthorized(a.getMessage()))
          .send(rc.response());
    } else if (cause instanceof TooManyAttemptsException t) {
      rc.response().putHeader("Retry-After", String.valueOf(t.retryAfterSeconds()));
      new Problem(429, "Too Many Requests", t.getMessage(), List.of()).send(rc.response());
    } else {
      LOG.error("auth route failed path={} error={}", rc.normalizedPath(), cause.toString());
      new Problem(503, "Service Unavailable", "authentication is temporarily unavailable", List.of())
          .send(rc.response());
    }
  }

  /** Failures raised by Vert.x itself on these routes (413 from the body limit, ...) as problem+json. */
  private static void failure(RoutingContext rc) {
    if (BadFraming.is(rc.failure())) {
      BadFraming.answer(rc);
      return;
    }
    if (BadFraming.gone(rc.failure())) {
      return; // the client's connection closed mid-request: nothing to answer, nothing wrong on our side
    }
    if (rc.failure() != null && !(rc.failure() instanceof io.vertx.ext.web.handler.HttpException)) {
      fail(rc, rc.failure());
      return;
    }
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    String detail = status == 413 ? "request body larger than " + MAX_BODY_BYTES + " bytes" : "request failed";
    new Problem(status, status == 413 ? "Payload Too Large" : "Error", detail, List.of()).send(rc.response());
  }
}
