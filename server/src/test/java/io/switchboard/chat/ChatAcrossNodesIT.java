package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chats across two real nodes sharing one Redis and one PostgreSQL (docs/chat.md, "Across nodes"): the customer's
 * socket on node A, the agent's softphone socket on node B. The agent accepts, lines and typing go both ways, each
 * line reaches each socket exactly once and in seq order, and the agent's end reaches the customer. A chat taken on
 * A is transferred to an agent on B, who is joined, talks with the customer on A (the first agent hears no more of
 * it) and ends it. A supervisor on A watches a chat whose agent is on B and whispers: the agent on B gets the
 * whisper once, marked private; the customer on A never gets it, and its next line reaches the agent once.
 */
class ChatAcrossNodesIT {
  static final String SITE = "http://127.0.0.1:9921";
  static Node a;
  static Node b;
  static ApiClient api;
  static Vertx vertx;
  static WebSocketClient ws;
  static final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    TestRedis.flushAll();
    Map<String, String> settings = new HashMap<>();
    settings.put("redis.uri", TestRedis.uri());
    settings.put("database.url", TestPostgres.newDatabase("chat_across_nodes_it"));
    settings.put("bootstrap.admin.password", "xnode-admin-1");
    a = TestNodes.loopback("chat-a", settings);
    b = TestNodes.loopback("chat-b", settings);
    api = new ApiClient(a.httpPort());
    String admin = TestNodes.login(a.httpPort(), "demo", "admin", "xnode-admin-1");
    for (String q : List.of("web1", "web2", "web3")) {
      Res r = api.put("/api/v1/queues/" + q, admin, new JsonObject().put("name", q).put("channel", "chat")
          .put("widgetOrigins", new JsonArray().add(SITE)).encode());
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    agent(admin, "ben", "Ben", "web1");
    agent(admin, "ana", "Ana", "web2");
    agent(admin, "cy", "Cy", "web2");
    agent(admin, "dee", "Dee", "web3");
    vertx = Vertx.vertx();
    ws = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (vertx != null) {
      vertx.close();
    }
    for (Node n : new Node[] {b, a}) {
      if (n != null) {
        n.stop();
      }
    }
  }

  @Test
  void linesTypingAndTheEndCrossBetweenTheCustomersNodeAndTheAgentsNode() throws Exception {
    WsClient ben = agentOn(b, "ben");
    WsClient c = customerOn(a, "web1", "Carla");
    c.send(new JsonObject().put("type", "send").put("text", "Hello from node A"));
    assertThat(c.next("message").getInteger("seq")).isEqualTo(1);
    String chatId = ben.next("chat.offered").getString("chatId");
    JsonObject accepted = ben.request("acc", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
    assertThat(accepted.getJsonArray("lines")).hasSize(1);
    assertThat(c.next("joined").getString("name")).as("joined crossed from B to A").isEqualTo("Ben");

    ben.request("m1", new JsonObject().put("type", "chat.send").put("chatId", chatId).put("text", "Hi from B"));
    JsonObject fromBen = c.next("message");
    assertThat(fromBen.getString("text")).isEqualTo("Hi from B");
    assertThat(fromBen.containsKey("agentId")).isFalse();
    c.send(new JsonObject().put("type", "typing"));
    assertThat(ben.next("chat.typing").getString("chatId")).isEqualTo(chatId);
    ben.request("t", new JsonObject().put("type", "chat.typing").put("chatId", chatId));
    c.next("typing");
    c.send(new JsonObject().put("type", "send").put("text", "I need a refund"));
    // a burst from both sides at once: each socket gets every line once, in seq order
    for (int i = 0; i < 10; i++) {
      c.send(new JsonObject().put("type", "send").put("text", "customer " + i));
      ben.send(new JsonObject().put("type", "chat.send").put("id", "b" + i).put("chatId", chatId)
          .put("text", "agent " + i));
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
        seqs(ben.peek(), "chat.message").size() >= 22 && seqs(c.peek(), "message").size() >= 21);
    assertThat(seqs(ben.drain(500), "chat.message")).as("the agent on B (its own lines too)")
        .containsExactlyElementsOf(range(2, 23));
    assertThat(seqs(c.drain(0), "message")).as("the customer on A").containsExactlyElementsOf(range(3, 23));

    assertThat(ben.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId)
        .put("disposition", "refund")).getString("type")).isEqualTo("ack");
    assertThat(c.next("ended").getString("by")).as("the end crossed from B to A").isEqualTo("agent");
    assertThat(c.drain(300)).as("nothing twice").noneMatch(m -> "ended".equals(m.getString("type")));
  }

  @Test
  void aChatTakenOnOneNodeIsTransferredToAnAgentOnTheOther() throws Exception {
    WsClient ana = agentOn(a, "ana");
    WsClient cy = WsClient.connect(ws, b.httpPort(), TestNodes.login(b.httpPort(), "demo", "cy", "cy-pass-1"));
    open.add(cy);
    cy.next("hello");
    WsClient c = customerOn(a, "web2", "Dora");
    c.send(new JsonObject().put("type", "send").put("text", "Where is my parcel?"));
    String chatId = ana.next("chat.offered").getString("chatId");
    ana.request("acc", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
    assertThat(c.next("joined").getString("name")).isEqualTo("Ana");
    ana.request("m", new JsonObject().put("type", "chat.send").put("chatId", chatId).put("text", "Let me check"));
    assertThat(c.await(m -> "message".equals(m.getString("type")) && m.getInteger("seq") == 2).getString("text"))
        .isEqualTo("Let me check");

    cy.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
    JsonObject moved = ana.request("x", new JsonObject().put("type", "chat.transfer").put("chatId", chatId)
        .put("agentId", "cy"));
    assertThat(moved.getString("type")).as(moved.encode()).isEqualTo("ack");
    assertThat(cy.next("chat.offered").getString("chatId")).isEqualTo(chatId);
    JsonObject taken = cy.request("acc", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
    assertThat(taken.getJsonArray("lines")).as("the whole chat").hasSize(2);
    assertThat(c.next("joined").getString("name")).as("joined crossed from B to A").isEqualTo("Cy");

    cy.request("m", new JsonObject().put("type", "chat.send").put("chatId", chatId).put("text", "It left today"));
    assertThat(c.await(m -> "message".equals(m.getString("type")) && m.getInteger("seq") == 3).getString("text"))
        .isEqualTo("It left today");
    c.send(new JsonObject().put("type", "send").put("text", "Thanks!"));
    assertThat(cy.await(m -> "chat.message".equals(m.getString("type")) && m.getInteger("seq") == 4)
        .getString("text")).isEqualTo("Thanks!");
    cy.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId));
    assertThat(c.next("ended").getString("by")).isEqualTo("agent");
    assertThat(seqs(ana.drain(300), "chat.message")).as("the first agent hears nothing after the transfer")
        .doesNotContain(3, 4);
  }

  @Test
  void aSupervisorOnOneNodeWhispersToTheAgentOnTheOtherAndTheCustomerNeverGetsIt() throws Exception {
    WsClient dee = agentOn(b, "dee");
    WsClient c = customerOn(a, "web3", "Eve");
    c.send(new JsonObject().put("type", "send").put("text", "My card was charged twice"));
    String chatId = dee.next("chat.offered").getString("chatId");
    dee.request("acc", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
    c.next("joined");

    WsClient sup = WsClient.connect(ws, a.httpPort(), TestNodes.login(a.httpPort(), "demo", "admin", "xnode-admin-1"));
    open.add(sup);
    sup.next("hello");
    JsonObject watching = sup.request("w", new JsonObject().put("type", "chat.watch").put("chatId", chatId));
    assertThat(watching.getString("type")).as(watching.encode()).isEqualTo("chat.watching");
    dee.request("m", new JsonObject().put("type", "chat.send").put("chatId", chatId).put("text", "Let me see"));
    assertThat(sup.next("chat.watch.line").getString("text")).as("the agent's line crossed from B to A")
        .isEqualTo("Let me see");

    JsonObject whispered = sup.request("x", new JsonObject().put("type", "chat.whisper").put("chatId", chatId)
        .put("text", "Refund the second charge"));
    assertThat(whispered.getString("type")).as(whispered.encode()).isEqualTo("chat.whispered");
    int seq = whispered.getInteger("seq");
    JsonObject atAgent = dee.await(m -> "chat.message".equals(m.getString("type")) && m.getInteger("seq") == seq);
    assertThat(atAgent.getBoolean("private")).as("the whisper crossed from A to B, private").isTrue();
    c.send(new JsonObject().put("type", "send").put("text", "Are you there?"));
    dee.await(m -> "chat.message".equals(m.getString("type")) && m.getInteger("seq") == seq + 1);
    assertThat(seqs(dee.drain(500), "chat.message")).as("the agent got no line twice (no gap refill of the whisper)")
        .doesNotContain(seq, seq + 1);
    assertThat(c.drain(300)).as("the customer's socket got no whisper")
        .noneMatch(m -> m.encode().contains("second charge") || "supervisor".equals(m.getString("from")));
    dee.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId));
    c.next("ended");
  }

  static void agent(String admin, String id, String name, String queue) throws Exception {
    Res r = api.put("/api/v1/agents/" + id, admin, new JsonObject().put("username", id).put("displayName", name)
        .put("password", id + "-pass-1").put("queues", new JsonArray().add(queue)).put("chatCapacity", 3).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  /** The agent's softphone socket on {@code node}, available. */
  static WsClient agentOn(Node node, String id) throws Exception {
    WsClient w = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), "demo", id, id + "-pass-1"));
    open.add(w);
    assertThat(w.next("hello").getString("node")).isEqualTo(node == a ? "chat-a" : "chat-b");
    w.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
    return w;
  }

  /** A customer's socket on {@code node} with a started chat in {@code queue}. */
  static WsClient customerOn(Node node, String queue, String name) throws Exception {
    Res t = api.send("POST", "/chat/v1/token", null, "application/json",
        new JsonObject().put("tenant", "demo").put("queue", queue).encode(), "Origin", SITE);
    assertThat(t.status()).as(t.body()).isEqualTo(200);
    WsClient c = WsClient.open(ws, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.httpPort())
        .setURI("/chat/ws").addHeader("Origin", SITE)).await();
    open.add(c);
    c.send(new JsonObject().put("type", "start").put("token", t.json().getString("token")).put("name", name));
    c.next("started");
    return c;
  }

  static List<Integer> seqs(List<JsonObject> messages, String type) {
    return messages.stream().filter(m -> type.equals(m.getString("type"))).map(m -> m.getInteger("seq")).toList();
  }

  static List<Integer> range(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }
}
