package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.Node;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix (docs/roles.md), on a real node with real logins: every HTTP route the node's router
 * holds and every signaling verb, for every role and without a token, answers as the tables below say. A route or
 * verb added without a row fails here, as does a row whose route is gone; the OpenAPI document's {@code x-roles} of
 * each operation must be the roles its row lets through.
 *
 * <p>Cells: {@code ok} passes the role checks (any answer but 401, 403 or a 5xx: the requests name objects that do
 * not exist and carry no body, so nothing is changed); {@code 403} refused for the role (problem "requires role");
 * {@code own} allowed for the principal's own things only, so this request, naming someone else's, is a 403 from the
 * route itself; {@code 401} refused without a token. Each user holds one role only: the demo's bob (agent) and sam
 * (supervisor), and tina (team leader), max (manager) and ada (admin) made here.
 */
class AuthorizationMatrixIT {
  static final String PASSWORD = "matrix-pass-1";
  static final List<String> ROLES = List.of("agent", "supervisor", "team-leader", "manager", "admin");

  /** Route (method and path as the router has it, parameters as {name}) → none, agent, supervisor, TL, manager, admin. */
  static final String HTTP = """
      GET    /health/live                                          ok  ok  ok  ok  ok  ok
      GET    /health/ready                                         ok  ok  ok  ok  ok  ok
      GET    /metrics                                              401 403 ok  403 403 ok
      POST   /api/v1/auth/login                                    ok  ok  ok  ok  ok  ok
      POST   /api/v1/auth/refresh                                  ok  ok  ok  ok  ok  ok
      POST   /api/v1/auth/logout                                   ok  ok  ok  ok  ok  ok
      GET    /api/v1/openapi.json                                  ok  ok  ok  ok  ok  ok
      GET    /api/v1/service-tokens                                401 403 403 403 403 ok
      POST   /api/v1/service-tokens                                401 403 403 403 403 ok
      DELETE /api/v1/service-tokens/{id}                           401 403 403 403 403 ok
      GET    /api/v1/agents                                        401 403 ok  ok  ok  ok
      POST   /api/v1/agents                                        401 403 403 403 403 ok
      GET    /api/v1/agents/{id}                                   401 own ok  ok  ok  ok
      PUT    /api/v1/agents/{id}                                   401 403 403 403 403 ok
      DELETE /api/v1/agents/{id}                                   401 403 403 403 403 ok
      GET    /api/v1/teams                                         401 403 ok  ok  ok  ok
      POST   /api/v1/teams                                         401 403 403 403 403 ok
      GET    /api/v1/teams/{id}                                    401 403 ok  ok  ok  ok
      PUT    /api/v1/teams/{id}                                    401 403 403 403 403 ok
      DELETE /api/v1/teams/{id}                                    401 403 403 403 403 ok
      GET    /api/v1/skills                                        401 403 ok  403 ok  ok
      POST   /api/v1/skills                                        401 403 403 403 403 ok
      GET    /api/v1/skills/{id}                                   401 403 ok  403 ok  ok
      PUT    /api/v1/skills/{id}                                   401 403 403 403 403 ok
      DELETE /api/v1/skills/{id}                                   401 403 403 403 403 ok
      GET    /api/v1/queues                                        401 403 ok  403 ok  ok
      POST   /api/v1/queues                                        401 403 403 403 403 ok
      GET    /api/v1/queues/{id}                                   401 403 ok  403 ok  ok
      PUT    /api/v1/queues/{id}                                   401 403 403 403 403 ok
      DELETE /api/v1/queues/{id}                                   401 403 403 403 403 ok
      GET    /api/v1/queues/{id}/dispositions                      401 ok  ok  403 403 ok
      GET    /api/v1/business-hours                                401 403 ok  403 ok  ok
      POST   /api/v1/business-hours                                401 403 403 403 403 ok
      GET    /api/v1/business-hours/{id}                           401 403 ok  403 ok  ok
      PUT    /api/v1/business-hours/{id}                           401 403 403 403 403 ok
      DELETE /api/v1/business-hours/{id}                           401 403 403 403 403 ok
      GET    /api/v1/phone-numbers                                 401 403 ok  403 ok  ok
      POST   /api/v1/phone-numbers                                 401 403 403 403 403 ok
      GET    /api/v1/phone-numbers/{id}                            401 403 ok  403 ok  ok
      PUT    /api/v1/phone-numbers/{id}                            401 403 403 403 403 ok
      DELETE /api/v1/phone-numbers/{id}                            401 403 403 403 403 ok
      GET    /api/v1/trunks                                        401 403 ok  403 ok  ok
      POST   /api/v1/trunks                                        401 403 403 403 403 ok
      GET    /api/v1/trunks/{id}                                   401 403 ok  403 ok  ok
      PUT    /api/v1/trunks/{id}                                   401 403 403 403 403 ok
      DELETE /api/v1/trunks/{id}                                   401 403 403 403 403 ok
      GET    /api/v1/flows                                         401 403 ok  403 ok  ok
      POST   /api/v1/flows                                         401 403 403 403 403 ok
      GET    /api/v1/flows/{id}                                    401 403 ok  403 ok  ok
      PUT    /api/v1/flows/{id}                                    401 403 403 403 403 ok
      DELETE /api/v1/flows/{id}                                    401 403 403 403 403 ok
      GET    /api/v1/dial-policies                                 401 403 ok  403 ok  ok
      POST   /api/v1/dial-policies                                 401 403 403 403 403 ok
      GET    /api/v1/dial-policies/{id}                            401 403 ok  403 ok  ok
      PUT    /api/v1/dial-policies/{id}                            401 403 403 403 403 ok
      DELETE /api/v1/dial-policies/{id}                            401 403 403 403 403 ok
      GET    /api/v1/away-reasons                                  401 ok  ok  ok  ok  ok
      POST   /api/v1/away-reasons                                  401 403 403 403 403 ok
      GET    /api/v1/away-reasons/{id}                             401 ok  ok  ok  ok  ok
      PUT    /api/v1/away-reasons/{id}                             401 403 403 403 403 ok
      DELETE /api/v1/away-reasons/{id}                             401 403 403 403 403 ok
      GET    /api/v1/chat-bots                                     401 403 ok  403 ok  ok
      POST   /api/v1/chat-bots                                     401 403 403 403 403 ok
      GET    /api/v1/chat-bots/{id}                                401 403 ok  403 ok  ok
      PUT    /api/v1/chat-bots/{id}                                401 403 403 403 403 ok
      DELETE /api/v1/chat-bots/{id}                                401 403 403 403 403 ok
      PUT    /api/v1/chat-bots/{id}/intents                        401 403 403 403 403 ok
      GET    /api/v1/canned-responses                              401 403 ok  403 ok  ok
      POST   /api/v1/canned-responses                              401 403 403 403 403 ok
      GET    /api/v1/canned-responses/{id}                         401 403 ok  403 ok  ok
      PUT    /api/v1/canned-responses/{id}                         401 403 403 403 403 ok
      DELETE /api/v1/canned-responses/{id}                         401 403 403 403 403 ok
      GET    /api/v1/chats/{chatId}/canned-responses               401 own 403 403 403 403
      GET    /api/v1/chats/{chatId}/customer                       401 own ok  403 403 ok
      GET    /api/v1/scorecards                                    401 403 ok  ok  ok  ok
      POST   /api/v1/scorecards                                    401 403 403 403 403 ok
      GET    /api/v1/scorecards/{id}                               401 403 ok  ok  ok  ok
      PUT    /api/v1/scorecards/{id}                               401 403 403 403 403 ok
      DELETE /api/v1/scorecards/{id}                               401 403 403 403 403 ok
      GET    /api/v1/webhooks                                      401 403 403 403 403 ok
      POST   /api/v1/webhooks                                      401 403 403 403 403 ok
      GET    /api/v1/webhooks/{id}                                 401 403 403 403 403 ok
      PUT    /api/v1/webhooks/{id}                                 401 403 403 403 403 ok
      DELETE /api/v1/webhooks/{id}                                 401 403 403 403 403 ok
      GET    /api/v1/webhooks/{id}/deliveries                      401 403 403 403 403 ok
      POST   /api/v1/webhooks/{id}/deliveries/retry                401 403 403 403 403 ok
      GET    /api/v1/webhooks/{id}/deliveries/{deliveryId}         401 403 403 403 403 ok
      POST   /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry   401 403 403 403 403 ok
      GET    /api/v1/reports/queues                                401 403 ok  ok  ok  ok
      GET    /api/v1/reports/agents                                401 403 ok  ok  ok  ok
      GET    /api/v1/reports/teams                                 401 403 ok  ok  ok  ok
      GET    /api/v1/reports/bot                                   401 403 ok  ok  ok  ok
      GET    /api/v1/reports/campaigns                             401 403 ok  ok  ok  ok
      GET    /api/v1/reports/quality                               401 403 ok  ok  ok  ok
      GET    /api/v1/evaluations                                   401 ok  ok  ok  ok  ok
      POST   /api/v1/evaluations                                   401 403 ok  ok  ok  ok
      GET    /api/v1/evaluations/{id}                              401 ok  ok  ok  ok  ok
      POST   /api/v1/evaluations/{id}/acknowledge                  401 ok  403 403 403 403
      GET    /api/v1/transfer-targets                              401 ok  ok  ok  ok  ok
      GET    /api/v1/interactions                                  401 ok  ok  ok  ok  ok
      GET    /api/v1/interactions/{callId}                         401 403 ok  ok  ok  ok
      GET    /api/v1/chat-transcripts                              401 ok  ok  403 ok  ok
      GET    /api/v1/live-chats                                    401 403 ok  ok  ok  ok
      POST   /chat/v1/token                                        ok  ok  ok  ok  ok  ok
      OPTIONS /chat/v1/token                                       ok  ok  ok  ok  ok  ok
      GET    /api/v1/agent-states                                  401 ok  ok  403 ok  ok
      GET    /api/v1/recordings                                    401 403 ok  ok  ok  ok
      GET    /api/v1/recordings/{id}/audio                         401 ok  ok  ok  ok  ok
      GET    /api/v1/prompts                                       401 403 ok  403 403 ok
      GET    /api/v1/prompts/{language}/{name}/audio               401 403 ok  403 403 ok
      PUT    /api/v1/prompts/{language}/{name}                     401 403 403 403 403 ok
      DELETE /api/v1/prompts/{language}/{name}                     401 403 403 403 403 ok
      GET    /api/v1/customers                                     401 ok  ok  ok  ok  ok
      POST   /api/v1/customers                                     401 ok  ok  ok  ok  ok
      POST   /api/v1/customers/import                              401 403 ok  403 403 ok
      GET    /api/v1/customers/{id}                                401 ok  ok  ok  ok  ok
      PUT    /api/v1/customers/{id}                                401 403 ok  403 403 ok
      DELETE /api/v1/customers/{id}                                401 403 ok  403 403 ok
      GET    /api/v1/customer-settings                             401 403 ok  403 403 ok
      PUT    /api/v1/customer-settings                             401 403 403 403 403 ok
      GET    /api/v1/screen-pop/{callId}                           401 own ok  ok  403 ok
      GET    /api/v1/contact-lists                                 401 403 ok  403 403 ok
      POST   /api/v1/contact-lists                                 401 403 ok  403 403 ok
      GET    /api/v1/contact-lists/{listId}                        401 403 ok  403 403 ok
      PUT    /api/v1/contact-lists/{listId}                        401 403 ok  403 403 ok
      DELETE /api/v1/contact-lists/{listId}                        401 403 ok  403 403 ok
      POST   /api/v1/contact-lists/{listId}/import                 401 403 ok  403 403 ok
      GET    /api/v1/contact-lists/{listId}/contacts               401 403 ok  403 403 ok
      POST   /api/v1/contact-lists/{listId}/contacts               401 403 ok  403 403 ok
      GET    /api/v1/contact-lists/{listId}/contacts/{id}          401 403 ok  403 403 ok
      PUT    /api/v1/contact-lists/{listId}/contacts/{id}          401 403 ok  403 403 ok
      DELETE /api/v1/contact-lists/{listId}/contacts/{id}          401 403 ok  403 403 ok
      GET    /api/v1/do-not-call                                   401 403 ok  403 403 ok
      POST   /api/v1/do-not-call/import                            401 403 ok  403 403 ok
      GET    /api/v1/do-not-call/{number}                          401 403 ok  403 403 ok
      PUT    /api/v1/do-not-call/{number}                          401 403 ok  403 403 ok
      DELETE /api/v1/do-not-call/{number}                          401 403 ok  403 403 ok
      GET    /api/v1/cases                                         401 ok  ok  ok  ok  ok
      GET    /api/v1/case-departments                              401 ok  ok  ok  ok  ok
      POST   /api/v1/cases                                         401 ok  ok  ok  ok  ok
      GET    /api/v1/cases/{id}                                    401 ok  ok  ok  ok  ok
      PATCH  /api/v1/cases/{id}                                    401 ok  ok  ok  ok  ok
      POST   /api/v1/cases/{id}/forward                            401 ok  ok  ok  ok  ok
      POST   /api/v1/cases/{id}/escalate                           401 ok  ok  ok  ok  ok
      POST   /api/v1/cases/{id}/interactions                       401 ok  ok  ok  ok  ok
      GET    /api/v1/campaigns                                     401 403 ok  403 403 ok
      POST   /api/v1/campaigns                                     401 403 ok  403 403 ok
      GET    /api/v1/campaigns/{id}                                401 403 ok  403 403 ok
      PUT    /api/v1/campaigns/{id}                                401 403 ok  403 403 ok
      DELETE /api/v1/campaigns/{id}                                401 403 ok  403 403 ok
      GET    /api/v1/campaigns/{id}/progress                       401 403 ok  403 403 ok
      POST   /api/v1/campaigns/{id}/start                          401 403 ok  403 403 ok
      POST   /api/v1/campaigns/{id}/pause                          401 403 ok  403 403 ok
      POST   /api/v1/campaigns/{id}/resume                         401 403 ok  403 403 ok
      POST   /api/v1/campaigns/{id}/stop                           401 403 ok  403 403 ok
      """;

  /**
   * Signaling verb → agent, supervisor, team leader, manager. Without a token there is no socket (401), nor for an
   * admin alone (403: administration is the REST API's).
   */
  static final String VERBS = """
      authenticate        ok  ok  ok  ok
      ping                ok  ok  ok  ok
      state.set           ok  403 403 403
      call.accept         ok  403 403 403
      call.reject         ok  403 403 403
      preview.call        ok  403 403 403
      preview.skip        ok  403 403 403
      call.hangup         ok  403 403 403
      wrapup.done         ok  403 403 403
      media.offer         ok  403 403 403
      call.hold           ok  403 403 403
      call.resume         ok  403 403 403
      call.mute           ok  403 403 403
      call.transfer       ok  403 403 403
      call.consult        ok  403 403 403
      call.consult.accept ok  403 403 403
      call.consult.cancel ok  403 403 403
      call.consult.decline ok 403 403 403
      call.consult.complete ok 403 403 403
      call.conference     ok  403 403 403
      call.dial           ok  403 403 403
      recording.pause     ok  403 403 403
      recording.resume    ok  403 403 403
      recording.start     ok  403 403 403
      monitor.start       403 ok  ok  ok
      monitor.mode        403 ok  ok  ok
      monitor.stop        403 ok  ok  ok
      stats.subscribe     403 ok  ok  ok
      stats.unsubscribe   403 ok  ok  ok
      chat.accept         ok  403 403 403
      chat.reject         ok  403 403 403
      chat.send           ok  403 403 403
      chat.typing         ok  403 403 403
      chat.transfer       ok  403 403 403
      chat.end            ok  403 403 403
      chat.watch          403 ok  ok  ok
      chat.unwatch        403 ok  ok  ok
      chat.whisper        403 ok  ok  ok
      """;

  static Node node;
  static ApiClient api;
  static final Map<String, String> tokens = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("authz-matrix-it", Map.of("database.url", TestPostgres.newDatabase("authz_matrix_it"),
        "bootstrap.admin.password", PASSWORD));
    int port = node.httpPort();
    api = new ApiClient(port);
    String root = TestNodes.login(port, "demo", "admin", PASSWORD);
    for (String[] user : new String[][] {{"tina", "team-leader"}, {"max", "manager"}, {"ada", "admin"}}) {
      Res r = api.put("/api/v1/agents/" + user[0], root, new JsonObject().put("username", user[0])
          .put("roles", new JsonArray().add(user[1])).put("password", PASSWORD).encode());
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    tokens.put("agent", TestNodes.login(port, "bob"));
    tokens.put("supervisor", TestNodes.login(port, "sam"));
    tokens.put("team-leader", TestNodes.login(port, "demo", "tina", PASSWORD));
    tokens.put("manager", TestNodes.login(port, "demo", "max", PASSWORD));
    tokens.put("admin", TestNodes.login(port, "demo", "ada", PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  /** One row: the key and a cell per column. */
  record Row(String key, List<String> cells) {}

  static Map<String, Row> rows(String table, int keyWords, int columns) {
    Map<String, Row> out = new LinkedHashMap<>();
    for (String line : table.strip().split("\n")) {
      String[] w = line.trim().split("\\s+");
      assertThat(w).as("row '%s'", line).hasSize(keyWords + columns);
      String key = String.join(" ", List.of(w).subList(0, keyWords));
      List<String> cells = List.of(w).subList(keyWords, w.length);
      assertThat(cells).as(key).allMatch(c -> List.of("ok", "403", "own", "401").contains(c));
      assertThat(out.put(key, new Row(key, cells))).as("row %s twice", key).isNull();
    }
    return out;
  }

  /** Every route with a method and a path of its own, as "METHOD /path/{param}" (catch-alls and static files out). */
  static TreeSet<String> mountedRoutes() {
    TreeSet<String> out = new TreeSet<>();
    for (Route route : node.router().getRoutes()) {
      String path = route.getPath();
      if (path == null || path.endsWith("/") || route.methods() == null || route.methods().isEmpty()) {
        continue;
      }
      for (HttpMethod m : route.methods()) {
        out.add(m.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    return out;
  }

  @Test
  void everyRouteHasARowAndEveryRowARoute() {
    assertThat(new TreeSet<>(rows(HTTP, 2, 6).keySet().stream().map(k -> k.replaceAll("\\s+", " ")).toList()))
        .as("add a row to HTTP for each new route (docs/roles.md says what each role may do)")
        .isEqualTo(mountedRoutes());
  }

  @Test
  void everyRouteAnswersEachRoleAsItsRowSays() {
    SoftAssertions soft = new SoftAssertions();
    for (Row row : rows(HTTP, 2, 6).values()) {
      String method = row.key().split(" ")[0];
      String path = row.key().split(" ")[1].replaceAll("\\{[A-Za-z]+}", "nope");
      List<String> who = new ArrayList<>();
      who.add("none");
      who.addAll(ROLES);
      for (int i = 0; i < who.size(); i++) {
        String token = i == 0 ? null : tokens.get(who.get(i));
        Res r = api.send(method, path, token, null, null);
        String cell = row.cells().get(i);
        String what = row.key() + " as " + who.get(i) + " → " + r.status() + " " + r.body();
        switch (cell) {
          case "401" -> soft.assertThat(r.status()).as(what).isEqualTo(401);
          case "403" -> {
            soft.assertThat(r.status()).as(what).isEqualTo(403);
            soft.assertThat(r.body()).as(what).contains("requires role");
          }
          case "own" -> {
            soft.assertThat(r.status()).as(what).isEqualTo(403);
            soft.assertThat(r.body()).as(what).doesNotContain("requires role");
          }
          default -> soft.assertThat(r.status()).as(what).isNotIn(401, 403).isLessThan(500);
        }
      }
    }
    soft.assertAll();
  }

  @Test
  void theOpenApiDocumentNamesTheRolesOfEachOperation() {
    JsonObject paths = api.get("/api/v1/openapi.json", null).json().getJsonObject("paths");
    SoftAssertions soft = new SoftAssertions();
    for (Row row : rows(HTTP, 2, 6).values()) {
      String method = row.key().split(" ")[0].toLowerCase(java.util.Locale.ROOT);
      String path = row.key().split(" ")[1];
      if (!path.startsWith("/api/")) {
        continue; // health and metrics are the operators', not the API's
      }
      JsonObject op = paths.getJsonObject(path, new JsonObject()).getJsonObject(method);
      soft.assertThat(op).as("%s is documented", row.key()).isNotNull();
      if (op == null) {
        continue;
      }
      if (row.cells().get(0).equals("ok")) {
        soft.assertThat(op.getJsonArray("security")).as("%s needs no token", row.key()).isEqualTo(new JsonArray());
        continue;
      }
      List<String> allowed = new ArrayList<>();
      for (int i = 0; i < ROLES.size(); i++) {
        if (!row.cells().get(i + 1).equals("403")) {
          allowed.add(ROLES.get(i));
        }
      }
      soft.assertThat(op.getJsonArray("x-roles", new JsonArray()).getList()).as("x-roles of %s", row.key())
          .isEqualTo(allowed);
    }
    soft.assertAll();
  }

  @Test
  void everyVerbHasARowAndAnswersEachRoleAsItSays() {
    Map<String, Row> verbs = rows(VERBS, 1, 4);
    assertThat(verbs).as("add a row to VERBS for each new message type").hasSize(
        Inbound.class.getPermittedSubclasses().length);
    WebSocketClient client = node.vertx().createWebSocketClient();
    assertThatThrownBy(() -> WsClient.connect(client, node.httpPort(), "not-a-token"))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    assertThatThrownBy(() -> WsClient.connect(client, node.httpPort(), tokens.get("admin")))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(403));
    SoftAssertions soft = new SoftAssertions();
    for (int i = 0; i < ROLES.size() - 1; i++) { // admin: no socket (above)
      String role = ROLES.get(i);
      try (WsClient ws = WsClient.connect(client, node.httpPort(), tokens.get(role))) {
        soft.assertThat(ws.next("hello").getJsonArray("roles").getList()).as("the token's roles")
            .containsExactly(role);
        int n = 0;
        for (Row row : verbs.values()) {
          JsonObject reply = ws.request("m" + n++, new JsonObject().put("type", row.key()));
          String what = row.key() + " as " + role + " → " + reply;
          soft.assertThat(reply.getString("code")).as(what).isNotEqualTo("unknown-type");
          if (row.cells().get(i).equals("403")) {
            soft.assertThat(reply.getString("code")).as(what).isEqualTo("forbidden");
          } else {
            soft.assertThat(reply.getString("code")).as(what).isNotEqualTo("forbidden");
          }
        }
      }
    }
    client.close().await();
    soft.assertAll();
  }
}
