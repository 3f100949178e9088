package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.ChatCustomers;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canned responses and the chat desk routes on a real node (Redis, PostgreSQL, HTTP, the agent's and the customer's
 * sockets): admins write responses, supervisors read them, agents do not; an unknown placeholder, an unknown field,
 * an unknown queue are 400s naming the field; a listed queue cannot be deleted. The agent working on a chat gets the
 * responses of the chat's queue filled from the chat (a missing value left out and named), nobody else does, and
 * sees the customer the chat's e-mail (else name) finds, with that customer's open case.
 */
class CannedResponseApiIT {
  static final String SITE = "http://127.0.0.1:9917";
  static Node node;
  static ApiClient api;
  static String admin;
  static Vertx vertx;
  static WebSocketClient ws;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("canned-api-it", Map.of("database.url", TestPostgres.newDatabase("canned_api_it"),
        "bootstrap.admin.password", "canned-admin-1"));
    api = new ApiClient(node.httpPort());
    admin = TestNodes.login(node.httpPort(), "demo", "admin", "canned-admin-1");
    for (String[] q : new String[][] {{"web", "Website"}, {"help", "Help desk"}}) {
      Res r = api.put("/api/v1/queues/" + q[0], admin, new JsonObject().put("name", q[1]).put("channel", "chat")
          .put("widgetOrigins", new JsonArray().add(SITE)).encode());
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    Res a = api.put("/api/v1/agents/chad", admin, new JsonObject().put("username", "chad").put("displayName", "Chad")
        .put("password", "chad-pass-1").put("queues", new JsonArray().add("web")).encode());
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    vertx = Vertx.vertx();
    ws = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  static Res put(String id, JsonObject body) {
    return api.put("/api/v1/canned-responses/" + id, admin, body.encode());
  }

  @Test
  void adminsWriteSupervisorsReadAndBadInputIsNamed() throws Exception {
    JsonObject greet = new JsonObject().put("title", "Greeting").put("queues", new JsonArray().add("help"))
        .put("text", "Hi {customer.name}, I am {agent.name} from {queue.name}. <b>not markup</b>");
    Res created = put("greet-help", greet);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().getString("text")).isEqualTo(greet.getString("text"));
    assertThat(put("greet-help", greet).json().getLong("version")).as("the same body twice").isEqualTo(1);
    String sam = TestNodes.login(node.httpPort(), "sam");
    String bob = TestNodes.login(node.httpPort(), "bob");
    assertThat(api.get("/api/v1/canned-responses/greet-help", sam).json().getString("title")).isEqualTo("Greeting");
    assertThat(api.get("/api/v1/canned-responses", sam).json().getJsonArray("items").size()).isEqualTo(1);
    assertThat(api.get("/api/v1/canned-responses", bob).status()).isEqualTo(403);
    assertThat(api.put("/api/v1/canned-responses/x", sam, greet.encode()).status()).isEqualTo(403);

    Res unknown = put("bad", greet.copy().put("text", "Your order {order.id} ships today"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.fields()).containsExactly("text");
    assertThat(unknown.body()).contains("{order.id}");
    Res field = put("bad", greet.copy().put("html", true).put("language", "Spanish"));
    assertThat(field.status()).isEqualTo(400);
    assertThat(field.fields()).containsExactlyInAnyOrder("html", "language");
    Res queue = put("bad", greet.copy().put("queues", new JsonArray().add("nope")));
    assertThat(queue.status()).as(queue.body()).isIn(400, 409);
    assertThat(queue.fields()).containsExactly("queues.0");
    assertThat(api.get("/api/v1/canned-responses/bad", admin).status()).as("nothing stored").isEqualTo(404);

    assertThat(api.delete("/api/v1/queues/help", admin).status()).as("a listed queue stays").isEqualTo(409);
    assertThat(api.delete("/api/v1/canned-responses/greet-help", admin).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/canned-responses/greet-help", admin).status()).isEqualTo(404);
  }

  @Test
  void theChatsAgentGetsTheResponsesFilledAndTheCustomerWithAnOpenCase() throws Exception {
    assertThat(put("hello", new JsonObject().put("title", "Hello").put("queues", new JsonArray().add("web"))
        .put("text", "Hi {customer.name}, I am {agent.name} from {queue.name}.")).status()).isEqualTo(201);
    assertThat(put("mail", new JsonObject().put("title", "Mail")
        .put("text", "We write to {customer.email} today.")).status()).isEqualTo(201);
    assertThat(put("other-queue", new JsonObject().put("title", "Help only").put("queues", new JsonArray().add("help"))
        .put("text", "For help")).status()).isEqualTo(201);
    Res customer = api.post("/api/v1/customers", admin, new JsonObject().put("displayName", "Ann Lee")
        .put("phones", new JsonArray().add("+12025550123")).put("emails", new JsonArray().add("Ann@Example.com"))
        .encode());
    assertThat(customer.status()).as(customer.body()).isEqualTo(201);
    String customerId = customer.json().getString("id");
    // a department chad does not serve: a case of its queue would be offered to it as work
    assertThat(api.put("/api/v1/queues/repairs", admin, "{\"name\":\"Repairs\"}").status()).isEqualTo(201);
    Res kase = api.post("/api/v1/cases", admin, new JsonObject().put("subject", "Broken kettle")
        .put("department", "repairs").put("customerId", customerId).encode());
    assertThat(kase.status()).as(kase.body()).isEqualTo(201);

    String chadToken = TestNodes.login(node.httpPort(), "demo", "chad", "chad-pass-1");
    String bob = TestNodes.login(node.httpPort(), "bob");
    String sam = TestNodes.login(node.httpPort(), "sam");
    try (WsClient agent = WsClient.connect(ws, node.httpPort(), chadToken);
        WsClient byName = ChatCustomers.socket(ws, node.httpPort(), SITE);
        WsClient byMail = ChatCustomers.socket(ws, node.httpPort(), SITE)) {
      agent.next("hello");
      agent.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
      String chat = ChatCustomers.start(api, byName, SITE, "web", "Ann", null, "Hello?");
      assertThat(agent.next("chat.offered").getString("chatId")).isEqualTo(chat);
      String path = "/api/v1/chats/" + chat;
      assertThat(api.get(path + "/canned-responses", chadToken).status()).as("offered, not accepted").isEqualTo(403);
      agent.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chat));

      Res canned = api.get(path + "/canned-responses", chadToken);
      assertThat(canned.status()).as(canned.body()).isEqualTo(200);
      JsonArray items = canned.json().getJsonArray("items");
      assertThat(items.stream().map(i -> ((JsonObject) i).getString("id")).toList()).containsExactly("hello", "mail");
      assertThat(items.getJsonObject(0).getString("text")).isEqualTo("Hi Ann, I am Chad from Website.");
      assertThat(items.getJsonObject(0).getJsonArray("missing")).isEmpty();
      assertThat(items.getJsonObject(1).getString("text")).isEqualTo("We write to today.");
      assertThat(items.getJsonObject(1).getJsonArray("missing")).containsExactly("customer.email");
      Res other = api.get(path + "/canned-responses", bob);
      assertThat(other.status()).isEqualTo(403);
      assertThat(other.body()).doesNotContain("requires role");

      Res none = api.get(path + "/customer", chadToken);
      assertThat(none.status()).as(none.body()).isEqualTo(200);
      assertThat(none.json().getJsonArray("customers")).as("nobody is named just Ann").isEmpty();
      assertThat(none.json().getString("name")).isEqualTo("Ann");
      assertThat(api.get(path + "/customer", bob).status()).isEqualTo(403);
      agent.request("e", new JsonObject().put("type", "chat.end").put("chatId", chat));
      assertThat(api.get(path + "/customer", chadToken).status()).as("ended: no longer its").isEqualTo(403);

      String mailed = ChatCustomers.start(api, byMail, SITE, "web", "Annie", "ann@example.com", "Kettle?");
      assertThat(agent.next("chat.offered").getString("chatId")).isEqualTo(mailed);
      agent.request("a2", new JsonObject().put("type", "chat.accept").put("chatId", mailed));
      Res found = api.get("/api/v1/chats/" + mailed + "/customer", chadToken);
      assertThat(found.status()).as(found.body()).isEqualTo(200);
      assertThat(found.json().getJsonArray("customers").getJsonObject(0).getString("id")).isEqualTo(customerId);
      assertThat(found.json().getJsonArray("cases").getJsonObject(0).getString("subject")).isEqualTo("Broken kettle");
      assertThat(api.get("/api/v1/chats/" + mailed + "/canned-responses", chadToken).json().getJsonArray("items")
          .getJsonObject(1).getString("text")).isEqualTo("We write to ann@example.com today.");
      assertThat(api.get("/api/v1/chats/" + mailed + "/customer", sam).json().getJsonArray("customers"))
          .hasSize(1);
      assertThat(api.get("/api/v1/chats/chat-nope/customer", sam).status()).isEqualTo(404);
      agent.request("e2", new JsonObject().put("type", "chat.end").put("chatId", mailed));
    }
  }
}
