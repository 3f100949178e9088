package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Role;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hand-maintained OpenAPI document describes every route AdminApi mounts, and the auth routes. */
class OpenApiDocumentTest {
  static Vertx vertx;
  static JsonObject doc;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    doc = new JsonObject(new String(OpenApiDocument.load(), StandardCharsets.UTF_8));
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void everyMountedRouteIsDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new AdminApi(null, noGuard).mount(router);
    // A set: writes mount the guard and the body handler on two routes of one endpoint.
    java.util.Set<String> mounted = new java.util.LinkedHashSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null || path.endsWith("/") || route.methods() == null || route.methods().isEmpty()) {
        continue; // the failure and not-found catch-alls under /api/v1/*
      }
      for (HttpMethod m : route.methods()) {
        mounted.add(m.name().toLowerCase() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    // 14 directory kinds, the queues' dispositions, the chat bots' intent file, the openapi document
    assertThat(mounted).hasSize(14 * 5 + 3);
    JsonObject paths = doc.getJsonObject("paths");
    for (String route : mounted) {
      String[] mp = route.split(" ", 2);
      assertThat(paths.getJsonObject(mp[1])).as(route).isNotNull();
      assertThat(paths.getJsonObject(mp[1]).getJsonObject(mp[0])).as(route).isNotNull();
    }
  }

  @Test
  void theRoleEnumsAreTheServers() {
    List<String> wire = java.util.Arrays.stream(Role.values()).map(Role::wire).toList();
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    for (String schema : List.of("Agent", "ServiceTokenRequest")) {
      assertThat(schemas.getJsonObject(schema).getJsonObject("properties").getJsonObject("roles")
          .getJsonObject("items").getJsonArray("enum").getList()).as(schema).containsExactlyElementsOf(wire);
    }
  }

  @Test
  void reportRoutesAreDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new AdminApi(null, noGuard).withReports(new io.switchboard.reports.Reports(null, null, null, null, null))
        .mount(router);
    List<String> reports = router.getRoutes().stream().map(Route::getPath)
        .filter(path -> path != null && path.startsWith("/api/v1/reports/")).toList();
    assertThat(reports).containsExactly("/api/v1/reports/queues", "/api/v1/reports/agents", "/api/v1/reports/teams");
    for (String path : reports) {
      assertThat(doc.getJsonObject("paths").getJsonObject(path, new JsonObject()).getJsonObject("get")).as(path)
          .isNotNull();
    }
  }

  @Test
  void promptRoutesAreDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new PromptsApi(null, null, null, 1000, 1, java.time.Clock.systemUTC()).mount(router, noGuard);
    java.util.Set<String> mounted = new java.util.LinkedHashSet<>();
    for (Route route : router.getRoutes()) {
      for (HttpMethod m : route.methods()) {
        mounted.add(m.name().toLowerCase() + " " + route.getPath().replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    assertThat(mounted).hasSize(4);
    JsonArray params = doc.getJsonObject("paths").getJsonObject("/api/v1/prompts/{language}/{name}")
        .getJsonObject("put").getJsonArray("parameters");
    assertThat(params.getJsonObject(0).getJsonObject("schema").getJsonArray("enum"))
        .as("the shipped languages").containsExactlyElementsOf(io.switchboard.media.audio.Prompts.languages());
    assertThat(params.getJsonObject(1).getJsonObject("schema").getString("pattern"))
        .isEqualTo("^" + io.switchboard.media.audio.Prompts.OWN_NAME.pattern() + "$");
    for (String phrase : io.switchboard.media.audio.Prompts.PHRASES) {
      assertThat(params.getJsonObject(1).getString("description")).as("names the phrases").contains(phrase);
    }
    for (String route : mounted) {
      String[] mp = route.split(" ", 2);
      assertThat(doc.getJsonObject("paths").getJsonObject(mp[1], new JsonObject()).getJsonObject(mp[0])).as(route)
          .isNotNull();
    }
  }

  @Test
  void botReportRouteIsDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new BotReportApi(null, null, null).mount(router, noGuard);
    assertThat(documented(router)).containsExactly("GET /api/v1/reports/bot");
  }

  @Test
  void chatDeskRoutesAreDocumented() {
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : List.of("/api/v1/chats/{chatId}/canned-responses", "/api/v1/chats/{chatId}/customer")) {
      assertThat(paths.getJsonObject(path)).as(path).isNotNull();
      assertThat(paths.getJsonObject(path).getJsonObject("get").getJsonArray("x-roles")).as(path).isNotEmpty();
    }
  }

  @Test
  void campaignReportRouteIsDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new CampaignReportApi(null, null, null, java.time.Clock.systemUTC()).mount(router, noGuard);
    assertThat(documented(router)).containsExactly("GET /api/v1/reports/campaigns");
  }

  @Test
  void interactionRoutesAreDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new InteractionsApi(null, null, java.time.Clock.systemUTC()).mount(router, noGuard);
    assertThat(documented(router)).hasSize(3);
  }

  @Test
  void customerRoutesAreDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    // the pop's route is mounted only with an ACD; it is not called here
    io.switchboard.acd.Acd acd = (io.switchboard.acd.Acd) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {io.switchboard.acd.Acd.class}, (proxy, method, args) -> null);
    new CustomersApi(null, io.switchboard.config.CustomersConfig.DEFAULTS, 1024).mount(router, noGuard, acd);
    assertThat(documented(router)).containsExactly("DELETE /api/v1/customers/{id}", "GET /api/v1/customer-settings",
        "GET /api/v1/customers", "GET /api/v1/customers/{id}", "GET /api/v1/screen-pop/{callId}",
        "POST /api/v1/customers", "POST /api/v1/customers/import", "PUT /api/v1/customer-settings",
        "PUT /api/v1/customers/{id}");
  }

  @Test
  void contactListRoutesAreDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new ContactListsApi(null, null, io.switchboard.config.CustomersConfig.DEFAULTS, 1024, 1024)
        .mount(router, noGuard);
    new DoNotCallApi(null, null, io.switchboard.config.CustomersConfig.DEFAULTS, 1024, 1024).mount(router, noGuard);
    assertThat(documented(router)).hasSize(11 + 5);
  }

  @Test
  void webhookDeliveryRoutesAreDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new WebhookDeliveriesApi(null, null).mount(router, noGuard);
    assertThat(documented(router)).hasSize(4);
    JsonArray events = doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Webhook")
        .getJsonObject("properties").getJsonObject("events").getJsonObject("items").getJsonArray("enum");
    List<String> types = new ArrayList<>(io.switchboard.directory.WebhookEvents.TYPES);
    types.add(io.switchboard.directory.WebhookEvents.ALL);
    assertThat(events.getList()).as("the event types the directory accepts").containsExactlyElementsOf(types);
  }

  @Test
  void caseRoutesAreDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new CasesApi(null, null, null, java.time.Clock.systemUTC(), 1024).mount(router, noGuard);
    assertThat(documented(router)).hasSize(8); // the cases and their actions, and the departments
  }

  @Test
  void campaignRoutesAreDocumented() {
    Router router = Router.router(vertx);
    RouteGuard noGuard = (Role... roles) -> rc -> rc.next();
    new CampaignsApi(null, null, 1024).mount(router, noGuard);
    assertThat(documented(router)).hasSize(5 + 4 + 1);
  }

  @Test
  void authAndServiceTokenRoutesAreDocumented() {
    JsonObject paths = doc.getJsonObject("paths");
    for (String route : List.of("post /api/v1/auth/login", "post /api/v1/auth/refresh", "post /api/v1/auth/logout",
        "get /api/v1/service-tokens", "post /api/v1/service-tokens", "delete /api/v1/service-tokens/{id}")) {
      String[] mp = route.split(" ", 2);
      assertThat(paths.getJsonObject(mp[1], new JsonObject()).getJsonObject(mp[0])).as(route).isNotNull();
    }
    JsonObject tokens = doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Tokens");
    assertThat(tokens.getJsonArray("required").getList())
        .containsExactly("accessToken", "refreshToken", "tokenType", "expiresIn");
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/components/");
      String[] parts = ref.substring(2).split("/");
      JsonObject node = doc;
      for (String part : parts) {
        node = node.getJsonObject(part);
        assertThat(node).as(ref).isNotNull();
      }
    }
  }

  /** "METHOD path" of every route of {@code router}, each asserted to be in the document. */
  private java.util.Set<String> documented(Router router) {
    JsonObject paths = doc.getJsonObject("paths");
    java.util.Set<String> mounted = new java.util.TreeSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod m : route.methods()) {
        assertThat(paths.getJsonObject(path)).as(path).isNotNull();
        assertThat(paths.getJsonObject(path).getJsonObject(m.name().toLowerCase())).as(m + " " + path).isNotNull();
        mounted.add(m.name() + " " + path);
      }
    }
    return mounted;
  }

  private static void collectRefs(Object node, List<String> out) {
    if (node instanceof JsonObject o) {
      for (String k : o.fieldNames()) {
        if (k.equals("$ref")) {
          out.add(o.getString(k));
        } else {
          collectRefs(o.getValue(k), out);
        }
      }
    } else if (node instanceof io.vertx.core.json.JsonArray a) {
      a.forEach(v -> collectRefs(v, out));
    }
  }
}
