package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Supervisors watching chats on a real node (real Redis, PostgreSQL and sockets: the supervisor's and the agent's
 * /ws, the customer's /chat/ws), with {@code supervision.show-listen} on so the agent is told of a watch. A
 * supervisor watching sees the conversation so far and then every line both ways and the customer typing; its
 * whisper reaches the agent marked private and never the customer, neither live nor through the customer's resume;
 * the live-chats route lists the chat for it and not for another team's leader. A team leader is refused another
 * team's agent's chat (naming chatId) and watches its own team's; an agent cannot watch; unwatch stops the flow; the
 * chat's end tells the watcher and drops the watch; a closed socket drops its watches (the agent is told). A chat
 * transferred within a team leader's team stays watched by it; transferred out of its teams, its watch is lost and
 * it gets nothing more, while a supervisor's goes on (the new agent told of it). With the setting off (the default)
 * the agent is told nothing of a watch, and still gets the whisper.
 */
class ChatWatchIT {
  static final String SITE = "http://127.0.0.1:9921";
  static final String PASS = "watch-pass-1";
  static Node node;
  static ApiClient api;
  static String admin;
  static Vertx vertx;
  static WebSocketClient ws;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("chat-watch-it", Map.of("database.url", TestPostgres.newDatabase("chat_watch_it"),
        "bootstrap.admin.password", PASS, "chat.max-message-chars", "200", "supervision.show-listen", "true"));
    api = new ApiClient(node.httpPort());
    admin = TestNodes.login(node.httpPort(), "demo", "admin", PASS);
    put("/api/v1/queues/web", new JsonObject().put("name", "Website").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(SITE)));
    put("/api/v1/queues/web2", new JsonObject().put("name", "Website 2").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(SITE)));
    put("/api/v1/agents/tom", new JsonObject().put("username", "tom").put("password", PASS)
        .put("roles", new JsonArray().add("team-leader")));
    put("/api/v1/teams/t1", new JsonObject().put("name", "Team 1"));
    put("/api/v1/teams/t2", new JsonObject().put("name", "Team 2").put("leader", "tom"));
    put("/api/v1/agents/wanda", new JsonObject().put("username", "wanda").put("displayName", "Wanda")
        .put("password", PASS).put("queues", new JsonArray().add("web")).put("team", "t1"));
    put("/api/v1/agents/walt", new JsonObject().put("username", "walt").put("displayName", "Walt")
        .put("password", PASS).put("queues", new JsonArray().add("web2")).put("team", "t2"));
    // no queues: offered only the chats transferred to them
    put("/api/v1/agents/wes", new JsonObject().put("username", "wes").put("displayName", "Wes")
        .put("password", PASS).put("team", "t2"));
    put("/api/v1/agents/una", new JsonObject().put("username", "una").put("displayName", "Una")
        .put("password", PASS).put("team", "t1"));
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

  @Test
  void aSupervisorWatchesLiveAndWhispersToTheAgentOnly() throws Exception {
    WsClient agent = agent("wanda");
    String token = token("web");
    WsClient c = customer();
    c.send(new JsonObject().put("type", "start").put("token", token).put("name", "Carla"));
    String chatId = c.next("started").getString("chatId");
    c.send(new JsonObject().put("type", "send").put("text", "My parcel is late"));
    c.next("message");
    assertThat(agent.next("chat.offered").getString("chatId")).isEqualTo(chatId);
    agent.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
    c.next("joined");

    WsClient sup = socket(TestNodes.login(node.httpPort(), "sam"));
    JsonObject watching = sup.request("w", watch(chatId));
    assertThat(watching.getString("type")).as(watching.encode()).isEqualTo("chat.watching");
    assertThat(watching.getString("agentId")).isEqualTo("wanda");
    assertThat(watching.getString("customerName")).isEqualTo("Carla");
    assertThat(watching.getJsonArray("lines").getJsonObject(0).getString("text")).isEqualTo("My parcel is late");
    JsonObject told = agent.next("chat.watched");
    assertThat(told.getString("supervisorId")).isEqualTo("sam");
    assertThat(told.getBoolean("watching")).isTrue();

    Res live = api.get("/api/v1/live-chats", TestNodes.login(node.httpPort(), "sam"));
    assertThat(live.status()).as(live.body()).isEqualTo(200);
    JsonObject item = live.json().getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("chatId")).isEqualTo(chatId);
    assertThat(item.getString("agent")).isEqualTo("wanda");
    assertThat(item.getString("queue")).isEqualTo("web");
    assertThat(item.getInteger("lines")).isEqualTo(1);
    String tom = TestNodes.login(node.httpPort(), "demo", "tom", PASS);
    assertThat(api.get("/api/v1/live-chats", tom).json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("chatId")).toList()).as("another team's chat").doesNotContain(chatId);

    // lines both ways and typing, live
    c.send(new JsonObject().put("type", "send").put("text", "It was due Monday"));
    JsonObject fromCustomer = sup.next("chat.watch.line");
    assertThat(fromCustomer.getString("from")).isEqualTo("customer");
    assertThat(fromCustomer.getString("text")).isEqualTo("It was due Monday");
    agent.request("m", new JsonObject().put("type", "chat.send").put("chatId", chatId).put("text", "Let me look"));
    JsonObject fromAgent = sup.next("chat.watch.line");
    assertThat(fromAgent.getString("from")).isEqualTo("agent");
    assertThat(fromAgent.getString("agentId")).isEqualTo("wanda");
    c.send(new JsonObject().put("type", "typing"));
    assertThat(sup.next("chat.watch.typing").getString("from")).isEqualTo("customer");

    // the whisper: the agent gets it marked private, the customer never
    JsonObject whispered = sup.request("x", whisper(chatId, "Offer the <b>refund</b>"));
    assertThat(whispered.getString("type")).as(whispered.encode()).isEqualTo("chat.whispered");
    int whisperSeq = whispered.getInteger("seq");
    JsonObject atAgent = agent.await(m -> "chat.message".equals(m.getString("type"))
        && "supervisor".equals(m.getString("from")));
    assertThat(atAgent.getString("text")).isEqualTo("Offer the <b>refund</b>");
    assertThat(atAgent.getBoolean("private")).isTrue();
    assertThat(atAgent.getString("agentId")).isEqualTo("sam");
    assertThat(atAgent.getInteger("seq")).isEqualTo(whisperSeq);
    assertThat(sup.next("chat.watch.line").getBoolean("private")).isTrue();
    c.send(new JsonObject().put("type", "send").put("text", "Any news?"));
    JsonObject after = c.await(m -> "message".equals(m.getString("type")) && "Any news?".equals(m.getString("text")));
    assertThat(after.getInteger("seq")).isEqualTo(whisperSeq + 1);
    sup.await(m -> "chat.watch.line".equals(m.getString("type")) && "Any news?".equals(m.getString("text")));
    assertThat(c.peek()).as("the customer's socket got no whisper")
        .noneMatch(m -> m.encode().contains("refund") || "supervisor".equals(m.getString("from")));
    try (WsClient resumed = customer()) {
      resumed.send(new JsonObject().put("type", "resume").put("token", token).put("chatId", chatId)
          .put("afterSeq", 0));
      resumed.next("joined");
      List<JsonObject> got = resumed.peek();
      assertThat(got.stream().filter(m -> "message".equals(m.getString("type"))).map(m -> m.getInteger("seq")))
          .as("every line but the whisper").doesNotContain(whisperSeq).contains(whisperSeq - 1, whisperSeq + 1);
      assertThat(got).noneMatch(m -> m.encode().contains("refund"));
    }
    JsonObject tooLong = sup.request("y", whisper(chatId, "x".repeat(201)));
    assertThat(tooLong.getString("code")).isEqualTo("too-long");
    assertThat(tooLong.getString("field")).isEqualTo("text");
    Res transcript = api.get("/api/v1/interactions/" + chatId, admin);
    assertThat(transcript.json().getJsonArray("transcript").stream().map(o -> (JsonObject) o)
        .filter(l -> l.getInteger("seq") == whisperSeq).findFirst().orElseThrow().getBoolean("private"))
        .as("staff see the whisper in the transcript, marked").isTrue();

    // who may not
    try (WsClient leader = socket(tom)) {
      JsonObject refused = leader.request("t", watch(chatId));
      assertThat(refused.getString("code")).as(refused.encode()).isEqualTo("forbidden");
      assertThat(refused.getString("field")).isEqualTo("chatId");
      assertThat(refused.getString("message")).contains("wanda").contains("not in a team you lead");
      JsonObject notWatching = leader.request("u", whisper(chatId, "psst"));
      assertThat(notWatching.getString("code")).isEqualTo("not-watching");
    }
    JsonObject agentRefused = agent.request("z", watch(chatId));
    assertThat(agentRefused.getString("code")).isEqualTo("forbidden");
    JsonObject otherTenantOrNone = sup.request("n", watch("chat-nope"));
    assertThat(otherTenantOrNone.getString("code")).isEqualTo("not-found");

    // unwatch stops the flow
    assertThat(sup.request("v", new JsonObject().put("type", "chat.unwatch").put("chatId", chatId))
        .getString("type")).isEqualTo("chat.unwatched");
    assertThat(agent.await(m -> "chat.watched".equals(m.getString("type")) && !m.getBoolean("watching"))
        .getString("supervisorId")).isEqualTo("sam");
    c.send(new JsonObject().put("type", "send").put("text", "Hello?"));
    agent.await(m -> "chat.message".equals(m.getString("type")) && "Hello?".equals(m.getString("text")));
    assertThat(sup.drain(500)).as("nothing after unwatch")
        .noneMatch(m -> m.getString("type").startsWith("chat.watch."));
    assertThat(sup.request("q", whisper(chatId, "psst")).getString("code")).isEqualTo("not-watching");

    // the chat's end tells the watcher and drops the watch
    assertThat(sup.request("w2", watch(chatId)).getString("type")).isEqualTo("chat.watching");
    agent.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId).put("disposition", "refund"));
    assertThat(sup.next("chat.watch.ended").getString("by")).isEqualTo("agent");
    assertThat(sup.request("q2", whisper(chatId, "psst")).getString("code")).isEqualTo("not-watching");
    assertThat(sup.request("w3", watch(chatId)).getString("code")).isEqualTo("ended");
    sup.close();
    agent.close();
    c.close();
  }

  @Test
  void aTeamLeaderWatchesItsTeamsChatAndItsClosedSocketDropsTheWatch() throws Exception {
    WsClient agent = agent("walt");
    try (WsClient c = customer()) {
      c.send(new JsonObject().put("type", "start").put("token", token("web2")).put("name", "Dora"));
      String chatId = c.next("started").getString("chatId");
      c.send(new JsonObject().put("type", "send").put("text", "Hi"));
      agent.next("chat.offered");
      agent.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
      WsClient leader = socket(TestNodes.login(node.httpPort(), "demo", "tom", PASS));
      JsonObject watching = leader.request("w", watch(chatId));
      assertThat(watching.getString("type")).as(watching.encode()).isEqualTo("chat.watching");
      assertThat(agent.next("chat.watched").getBoolean("watching")).isTrue();
      assertThat(leader.request("x", whisper(chatId, "Ask for the order number")).getString("type"))
          .isEqualTo("chat.whispered");
      assertThat(agent.await(m -> "supervisor".equals(m.getString("from"))).getString("agentId")).isEqualTo("tom");

      leader.close();
      JsonObject dropped = agent.await(m -> "chat.watched".equals(m.getString("type")) && !m.getBoolean("watching"));
      assertThat(dropped.getString("supervisorId")).as("the closed socket's watch ended").isEqualTo("tom");
      agent.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId));
    }
    agent.close();
  }

  @Test
  void aTransferOutOfItsTeamsEndsATeamLeadersWatchAndASupervisorsGoesOn() throws Exception {
    WsClient walt = agent("walt");
    WsClient wes = agent("wes");
    WsClient una = agent("una");
    try (WsClient c = customer()) {
      c.send(new JsonObject().put("type", "start").put("token", token("web2")).put("name", "Eve"));
      String chatId = c.next("started").getString("chatId");
      c.send(new JsonObject().put("type", "send").put("text", "Hi"));
      assertThat(walt.next("chat.offered").getString("chatId")).isEqualTo(chatId);
      walt.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
      WsClient leader = socket(TestNodes.login(node.httpPort(), "demo", "tom", PASS));
      WsClient sup = socket(TestNodes.login(node.httpPort(), "sam"));
      assertThat(leader.request("w", watch(chatId)).getString("type")).isEqualTo("chat.watching");
      assertThat(sup.request("w", watch(chatId)).getString("type")).isEqualTo("chat.watching");

      // to a member of tom's team: his watch goes on, and the new agent is told of both watches
      transfer(walt, chatId, "wes", wes);
      assertThat(leader.next("chat.watch.joined").getString("agentId")).isEqualTo("wes");
      assertThat(sup.next("chat.watch.joined").getString("agentId")).isEqualTo("wes");
      assertThat(List.of(watchedBy(wes, "tom"), watchedBy(wes, "sam"))).allMatch(m -> m.getBoolean("watching"));
      c.send(new JsonObject().put("type", "send").put("text", "Still there?"));
      assertThat(leader.next("chat.watch.line").getString("text")).isEqualTo("Still there?");
      assertThat(leader.request("x", whisper(chatId, "Take it from here")).getString("type"))
          .isEqualTo("chat.whispered");
      leader.await(m -> "chat.watch.line".equals(m.getString("type")) && m.getBoolean("private", false));

      // out of tom's teams (una is in t1): his watch ends and he sees nothing more; sam's goes on
      transfer(wes, chatId, "una", una);
      JsonObject lost = leader.next("chat.watch.lost");
      assertThat(lost.getString("chatId")).isEqualTo(chatId);
      assertThat(lost.getString("code")).isEqualTo("forbidden");
      assertThat(sup.next("chat.watch.joined").getString("agentId")).isEqualTo("una");
      assertThat(watchedBy(una, "sam").getBoolean("watching")).isTrue();
      c.send(new JsonObject().put("type", "send").put("text", "Hello? <b>anyone</b>"));
      una.await(m -> "chat.message".equals(m.getString("type")) && m.getString("text").startsWith("Hello?"));
      sup.await(m -> "chat.watch.line".equals(m.getString("type")) && "Hello? <b>anyone</b>".equals(m.getString("text")));
      una.request("m", new JsonObject().put("type", "chat.send").put("chatId", chatId).put("text", "Una here"));
      sup.await(m -> "chat.watch.line".equals(m.getString("type")) && "Una here".equals(m.getString("text")));
      assertThat(leader.drain(300)).as("nothing of the chat after it left tom's teams")
          .noneMatch(m -> m.getString("type").startsWith("chat.watch.") || m.encode().contains("anyone")
              || m.encode().contains("Una here"));
      assertThat(leader.request("y", whisper(chatId, "psst")).getString("code")).isEqualTo("not-watching");
      assertThat(leader.request("z", watch(chatId)).getString("code")).isEqualTo("forbidden");
      assertThat(una.drain(300)).as("una was never told of tom's watch")
          .noneMatch(m -> "chat.watched".equals(m.getString("type")) && "tom".equals(m.getString("supervisorId")));
      una.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId));
      assertThat(sup.next("chat.watch.ended").getString("by")).isEqualTo("agent");
      leader.close();
      sup.close();
    }
    for (WsClient a : List.of(walt, wes, una)) {
      a.close();
    }
  }

  /** {@code from} hands its chat to agent {@code to}, whose socket {@code toSocket} is offered it and accepts. */
  private static void transfer(WsClient from, String chatId, String to, WsClient toSocket) {
    JsonObject moved = from.request("t" + to, new JsonObject().put("type", "chat.transfer").put("chatId", chatId)
        .put("agentId", to));
    assertThat(moved.getString("type")).as(moved.encode()).isNotEqualTo("error");
    assertThat(toSocket.next("chat.offered").getString("chatId")).isEqualTo(chatId);
    toSocket.request("a" + to, new JsonObject().put("type", "chat.accept").put("chatId", chatId));
  }

  private static JsonObject watchedBy(WsClient agent, String supervisor) {
    return agent.await(m -> "chat.watched".equals(m.getString("type"))
        && supervisor.equals(m.getString("supervisorId")));
  }

  @Test
  void byDefaultTheAgentIsNotToldOfAWatch() throws Exception {
    Node quiet = TestNodes.loopback("chat-watch-quiet-it", Map.of("database.url",
        TestPostgres.newDatabase("chat_watch_quiet_it"), "bootstrap.admin.password", PASS));
    try {
      int port = quiet.httpPort();
      ApiClient qapi = new ApiClient(port);
      String root = TestNodes.login(port, "demo", "admin", PASS);
      assertThat(qapi.put("/api/v1/queues/quiet", root, new JsonObject().put("name", "Quiet").put("channel", "chat")
          .put("widgetOrigins", new JsonArray().add(SITE)).encode()).status()).isEqualTo(201);
      assertThat(qapi.put("/api/v1/agents/quinn", root, new JsonObject().put("username", "quinn").put("password", PASS)
          .put("queues", new JsonArray().add("quiet")).encode()).status()).isEqualTo(201);
      WsClient agent = WsClient.connect(ws, port, TestNodes.login(port, "demo", "quinn", PASS));
      agent.next("hello");
      agent.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
      Res t = qapi.send("POST", "/chat/v1/token", null, "application/json",
          new JsonObject().put("tenant", "demo").put("queue", "quiet").encode(), "Origin", SITE);
      try (WsClient c = WsClient.open(ws, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/chat/ws").addHeader("Origin", SITE)).await()) {
        c.send(new JsonObject().put("type", "start").put("token", t.json().getString("token")));
        String chatId = c.next("started").getString("chatId");
        c.send(new JsonObject().put("type", "send").put("text", "Hi"));
        agent.next("chat.offered");
        agent.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
        WsClient sup = WsClient.connect(ws, port, TestNodes.login(port, "sam"));
        sup.next("hello");
        assertThat(sup.request("w", watch(chatId)).getString("type")).isEqualTo("chat.watching");
        assertThat(sup.request("x", whisper(chatId, "psst")).getString("type")).isEqualTo("chat.whispered");
        agent.await(m -> "supervisor".equals(m.getString("from")));
        sup.close();
        assertThat(agent.drain(500)).as("supervision.show-listen is off: no word of the watch")
            .noneMatch(m -> "chat.watched".equals(m.getString("type")));
      }
      agent.close();
    } finally {
      quiet.stop();
    }
  }

  private static void put(String path, JsonObject doc) {
    Res r = api.put(path, admin, doc.encode());
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(201);
  }

  private static JsonObject watch(String chatId) {
    return new JsonObject().put("type", "chat.watch").put("chatId", chatId);
  }

  private static JsonObject whisper(String chatId, String text) {
    return new JsonObject().put("type", "chat.whisper").put("chatId", chatId).put("text", text);
  }

  private static WsClient socket(String jwt) {
    WsClient s = WsClient.connect(ws, node.httpPort(), jwt);
    s.next("hello");
    return s;
  }

  private static WsClient agent(String user) throws Exception {
    WsClient a = socket(TestNodes.login(node.httpPort(), "demo", user, PASS));
    a.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
    return a;
  }

  private static String token(String queue) {
    Res t = api.send("POST", "/chat/v1/token", null, "application/json",
        new JsonObject().put("tenant", "demo").put("queue", queue).encode(), "Origin", SITE);
    assertThat(t.status()).as(t.body()).isEqualTo(200);
    return t.json().getString("token");
  }

  private static WsClient customer() {
    return WsClient.open(ws, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.httpPort())
        .setURI("/chat/ws").addHeader("Origin", SITE)).await();
  }
}
