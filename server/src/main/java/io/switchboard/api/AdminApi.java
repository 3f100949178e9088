package io.switchboard.api;

import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.reports.Reports;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The admin REST API under {@value #PREFIX}: one {@link DirectoryResource} per directory kind, the OpenAPI
 * document (no auth), problem+json for every failure and for unknown routes under the prefix.
 *
 * <p>{@link #mount} may be called before or after other modules add their own {@code /api/v1} routes (auth,
 * service tokens): the not-found route is registered {@code last()}.
 */
public final class AdminApi {
  public static final String PREFIX = "/api/v1";

  /** @param maxBodyBytes largest accepted request body (config {@code http.max-body-bytes}); larger → 413 */
  public record Options(int maxBodyBytes) {
    public static final Options DEFAULTS = new Options(1 << 20);

    public Options {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive");
      }
    }
  }

  private final Directory directory;
  private final RouteGuard guard;
  private final Options options;
  private Reports reports;
  private FlowPromptCheck flowPromptCheck;

  public AdminApi(Directory directory, RouteGuard guard) {
    this(directory, guard, Options.DEFAULTS);
  }

  public AdminApi(Directory directory, RouteGuard guard, Options options) {
    this.directory = directory;
    this.guard = guard;
    this.options = options;
  }

  /**
   * Checks flows' prompts of the tenant's own before the directory writes a flow ({@link FlowPromptCheck});
   * {@code ownPrompts} gives a tenant's own prompt names.
   */
  public AdminApi withFlowPrompts(java.util.function.Function<String, java.util.Set<String>> ownPrompts) {
    this.flowPromptCheck = new FlowPromptCheck(ownPrompts);
    return this;
  }

  /** Serves the reports API ({@link ReportsResource}) too; without it the reports routes do not exist. */
  public AdminApi withReports(Reports reports) {
    this.reports = reports;
    return this;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(options.maxBodyBytes());
    router.get(OpenApiDocument.PATH).handler(new OpenApiDocument());
    for (Kind kind : Kind.values()) {
      new DirectoryResource(directory, kind, kind == Kind.FLOW ? flowPromptCheck : null).mount(router, guard, body);
    }
    if (reports != null) {
      new ReportsResource(reports, new io.switchboard.directory.Oversight(directory)).mount(router, guard);
    }
    router.route(PREFIX + "/*").failureHandler(ApiFailures::handle);
    router.route(PREFIX + "/*").last().handler(AdminApi::unknownRoute);
  }

  /** 405 (with Allow) for a known resource path used with another method, else 404; both problem+json. */
  private static void unknownRoute(RoutingContext rc) {
    String[] parts = rc.normalizedPath().substring(PREFIX.length()).replaceAll("^/|/$", "").split("/");
    boolean known = List.of(Kind.values()).stream().anyMatch(k -> k.path().equals(parts[0]));
    if (known && parts.length <= 2) {
      List<HttpMethod> allowed = parts.length == 1
          ? List.of(HttpMethod.GET, HttpMethod.POST)
          : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE);
      rc.response().putHeader("Allow", String.join(", ", allowed.stream().map(HttpMethod::name).toList()));
      new Problem(405, "Method Not Allowed", rc.request().method().name() + " is not allowed on "
          + rc.normalizedPath(), List.of()).send(rc.response());
      return;
    }
    Problem.notFound("no route " + rc.request().method().name() + " " + rc.normalizedPath()).send(rc.response());
  }
}
