package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chat end to end on a real node (real Redis, PostgreSQL, HTTP and WebSockets): a chat queue lists the widget's
 * origin; the public token route refuses another origin and a voice queue, and grants the listed one (CORS for it
 * only); the customer's socket starts a chat, the agent's socket is offered it once, accepts it with the lines so
 * far, and messages go both ways (the customer sees no agent id, only the agent's display name); the token from
 * another origin, an oversized message and an unknown field are errors naming what was wrong; a reloaded page
 * resumes from its last seq; the agent ends the chat with a disposition and its interaction (channel chat) has the
 * transcript, which the transcript search finds. A queue fronted by an intent bot: the bot answers a known question
 * and, asked for a person, hands the chat over; the agent is offered it with the whole conversation, and the bot
 * report counts the handover by its reason.
 */
class ChatNodeIT {
  static final String SITE = "http://127.0.0.1:9911";
  static Node node;
  static ApiClient api;
  static String admin;
  static Vertx vertx;
  static WebSocketClient ws;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("chat-node-it", Map.of("database.url", TestPostgres.newDatabase("chat_node_it"),
        "bootstrap.admin.password", "chat-admin-1", "chat.max-message-chars", "200"));
    api = new ApiClient(node.httpPort());
    admin = TestNodes.login(node.httpPort(), "demo", "admin", "chat-admin-1");
    Res q = api.put("/api/v1/queues/web", admin, new JsonObject().put("name", "Website").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(SITE + "/")).encode());
    assertThat(q.status()).as(q.body()).isEqualTo(201);
    assertThat(q.json().getJsonArray("widgetOrigins")).containsExactly(SITE);
    Res a = api.put("/api/v1/agents/chad", admin, new JsonObject().put("username", "chad").put("displayName", "Chad")
        .put("email", "chad@corp.example").put("password", "chad-pass-1").put("queues", new JsonArray().add("web"))
        .put("chatCapacity", 2).encode());
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    Res help = api.put("/api/v1/queues/help", admin, new JsonObject().put("name", "Help").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(SITE)).encode());
    assertThat(help.status()).as(help.body()).isEqualTo(201);
    Res bot = api.put("/api/v1/chat-bots/helper", admin, new JsonObject().put("name", "Helper")
        .put("queues", new JsonArray().add("help")).put("intents", new JsonArray().add(new JsonObject()
            .put("name", "opening-hours").put("phrases", new JsonArray().add("what are your opening hours")
                .add("when do you open")).put("answer", "We are open from 9 to 5, Monday to Friday."))).encode());
    assertThat(bot.status()).as(bot.body()).isEqualTo(201);
    Res b = api.put("/api/v1/agents/bea", admin, new JsonObject().put("username", "bea").put("displayName", "Bea")
        .put("password", "bea-pass-1").put("queues", new JsonArray().add("help")).encode());
    assertThat(b.status()).as(b.body()).isEqualTo(201);
    vertx = Vertx.vertx();
    ws = vertx.createWebSocketClient();
  }

  @Test
  void theBotAnswersAKnownQuestionThenHandsTheWholeChatToAnAgentWhenAskedForAPerson() throws Exception {
    WsClient agent = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), "demo", "bea",
        "bea-pass-1"));
    agent.next("hello");
    agent.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
    String token = token(SITE, "help").json().getString("token");
    try (WsClient c = customer(SITE)) {
      c.send(new JsonObject().put("type", "start").put("token", token).put("name", "Hugo"));
      String chatId = c.next("started").getString("chatId");
      c.send(new JsonObject().put("type", "send").put("text", "When do you open?"));
      JsonObject answer = c.await(m -> "message".equals(m.getString("type")) && "bot".equals(m.getString("from")));
      assertThat(answer.getString("text")).contains("We are open from 9 to 5, Monday to Friday.");
      Thread.sleep(500);
      assertThat(agent.peek()).as("no offer while the bot answers")
          .noneMatch(m -> "chat.offered".equals(m.getString("type")));

      c.send(new JsonObject().put("type", "send").put("text", "I want to talk to a person"));
      JsonObject handover = c.await(m -> "message".equals(m.getString("type")) && "bot".equals(m.getString("from")));
      assertThat(handover.getString("text")).isNotBlank();
      assertThat(agent.next("chat.offered").getString("chatId")).isEqualTo(chatId);
      JsonObject accepted = agent.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
      assertThat(accepted.getJsonArray("lines").stream().map(l -> ((JsonObject) l).getString("from")).toList())
          .as("the whole conversation").containsExactly("customer", "bot", "customer", "bot");
      agent.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId).put("disposition", "info"));
    }
    agent.close();
    java.time.Instant now = java.time.Instant.now();
    Res report = api.get("/api/v1/reports/bot?from=" + now.minus(java.time.Duration.ofDays(1)) + "&to="
        + now.plus(java.time.Duration.ofDays(1)) + "&queue=help", admin);
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    assertThat(report.body()).contains("\"asked\"");
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

  static Res token(String origin, String queue) {
    return api.send("POST", "/chat/v1/token", null, "application/json",
        new JsonObject().put("tenant", "demo").put("queue", queue).encode(), "Origin", origin);
  }

  static WsClient customer(String origin) {
    return WsClient.open(ws, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.httpPort())
        .setURI("/chat/ws").addHeader("Origin", origin)).await();
  }

  @Test
  void aChatFromTheWebsiteReachesTheAgentAndEndsInTheInteraction() throws Exception {
    Res other = token("http://127.0.0.1:9912", "web");
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.fields()).containsExactly("Origin");
    assertThat(token(SITE, "support").status()).as("a voice queue").isEqualTo(403);
    Res t = token(SITE, "web");
    assertThat(t.status()).as(t.body()).isEqualTo(200);
    assertThat(t.header("Access-Control-Allow-Origin")).isEqualTo(SITE);
    String token = t.json().getString("token");

    try (WsClient foreign = customer("http://127.0.0.1:9912")) {
      foreign.send(new JsonObject().put("type", "start").put("token", token));
      JsonObject e = foreign.next("error");
      assertThat(e.getString("code")).isEqualTo("origin-refused");
      assertThat(e.getString("field")).isEqualTo("token");
    }

    WsClient agent = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), "demo", "chad",
        "chad-pass-1"));
    agent.next("hello");
    agent.request("s", new JsonObject().put("type", "state.set").put("state", "available"));

    WsClient c = customer(SITE);
    c.send(new JsonObject().put("type", "start").put("token", token).put("name", "Carla").put("surprise", 1));
    assertThat(c.next("error").getString("field")).as("strict: an unknown field").isEqualTo("surprise");
    c.send(new JsonObject().put("type", "start").put("token", token).put("name", "Carla"));
    String chatId = c.next("started").getString("chatId");
    c.send(new JsonObject().put("type", "send").put("text", "<img src=x onerror=alert(1)> hello"));
    assertThat(c.next("message").getInteger("seq")).isEqualTo(1);
    c.send(new JsonObject().put("type", "send").put("text", "x".repeat(201)));
    JsonObject tooLong = c.next("error");
    assertThat(tooLong.getString("code")).isEqualTo("too-long");
    assertThat(tooLong.getString("field")).isEqualTo("text");

    JsonObject offer = agent.next("chat.offered");
    assertThat(offer.getString("chatId")).isEqualTo(chatId);
    assertThat(offer.getString("customerName")).isEqualTo("Carla");
    JsonObject accepted = agent.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
    assertThat(accepted.getString("type")).as(accepted.encode()).isEqualTo("chat.accepted");
    assertThat(accepted.getJsonArray("lines").getJsonObject(0).getString("text"))
        .isEqualTo("<img src=x onerror=alert(1)> hello");
    JsonObject joined = c.next("joined");
    assertThat(joined.getString("name")).isEqualTo("Chad");
    assertThat(joined.encode()).doesNotContain("chad@corp.example").doesNotContain("\"chad\"");

    agent.request("m", new JsonObject().put("type", "chat.send").put("chatId", chatId).put("text", "Hi Carla"));
    JsonObject fromAgent = c.next("message");
    assertThat(fromAgent.getString("from")).isEqualTo("agent");
    assertThat(fromAgent.getString("text")).isEqualTo("Hi Carla");
    assertThat(fromAgent.containsKey("agentId")).as("no agent data").isFalse();
    c.send(new JsonObject().put("type", "typing"));
    assertThat(agent.next("chat.typing").getString("chatId")).isEqualTo(chatId);
    c.send(new JsonObject().put("type", "send").put("text", "I need a refund"));
    assertThat(agent.await(m -> "chat.message".equals(m.getString("type")) && m.getInteger("seq") == 3)
        .getString("text")).isEqualTo("I need a refund");

    c.close();  // the page reloads: a new socket resumes after the last seq it had
    WsClient again = customer(SITE);
    again.send(new JsonObject().put("type", "resume").put("token", token).put("chatId", chatId).put("afterSeq", 1));
    assertThat(again.next("started").getString("status")).isEqualTo("connected");
    assertThat(again.next("message").getInteger("seq")).isEqualTo(2);
    assertThat(again.next("message").getInteger("seq")).isEqualTo(3);
    assertThat(again.next("joined").getString("name")).isEqualTo("Chad");

    JsonObject notYours = agent.request("x", new JsonObject().put("type", "chat.send").put("chatId", "chat-nope")
        .put("text", "hi"));
    assertThat(notYours.getString("type")).isEqualTo("error");
    JsonObject end = agent.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId)
        .put("disposition", "refund"));
    assertThat(end.getString("type")).as(end.encode()).isEqualTo("ack");
    assertThat(again.next("ended").getString("by")).isEqualTo("agent");

    Res i = api.get("/api/v1/interactions/" + chatId, admin);
    assertThat(i.status()).as(i.body()).isEqualTo(200);
    assertThat(i.json().getString("channel")).isEqualTo("chat");
    assertThat(i.json().getString("disposition")).isEqualTo("refund");
    Res list = api.get("/api/v1/interactions?queue=web&limit=100", admin);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> chatId.equals(o.getString("callId"))).findFirst().orElseThrow().getString("channel"))
        .as("a chat in the list").isEqualTo("chat");
    assertThat(i.json().getString("outcome")).isEqualTo("answered");
    assertThat(i.json().getJsonArray("transcript")).hasSize(3);
    Res found = api.get("/api/v1/chat-transcripts?q=refund", admin);
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.json().getJsonArray("items").getJsonObject(0).getString("callId")).isEqualTo(chatId);
    assertThat(api.get("/api/v1/chat-transcripts", admin).fields()).containsExactly("q");
    agent.close();
    again.close();
  }

  /** The one field a 400 problem names. */
  static String field(Res r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonArray errors = r.json().getJsonArray("errors");
    assertThat(errors).as(r.body()).hasSize(1);
    return errors.getJsonObject(0).getString("field");
  }

  @Test
  void callsCannotBeSentToAChatQueueAndACallThatStillReachesOneIsRefused() throws Exception {
    Res number = api.put("/api/v1/phone-numbers/15550170", admin, new JsonObject().put("number", "+15550170")
        .put("queue", "web").encode());
    assertThat(field(number)).isEqualTo("queue");
    assertThat(number.body()).contains("queue 'web' is a chat queue");
    Res flow = api.put("/api/v1/flows/to-chat", admin, new JsonObject().put("name", "To chat").put("start", "q")
        .put("nodes", new JsonArray().add(new JsonObject().put("id", "q").put("type", "queue").put("queue", "web")))
        .encode());
    assertThat(field(flow)).isEqualTo("nodes.0.queue");
    Res overflow = api.put("/api/v1/queues/spill", admin, new JsonObject().put("name", "Spill")
        .put("overflowQueue", "web").encode());
    assertThat(field(overflow)).isEqualTo("overflowQueue");
    Res campaign = api.post("/api/v1/campaigns", admin, new JsonObject().put("name", "Chat dialer").put("queue", "web")
        .put("listIds", new JsonArray().add(java.util.UUID.randomUUID().toString())).encode());
    assertThat(field(campaign)).isEqualTo("queue");
    assertThat(field(api.put("/api/v1/queues/spill", admin, new JsonObject().put("name", "Spill")
        .put("closedMessage", "Closed").encode()))).isEqualTo("closedMessage");
    assertThat(api.get("/api/v1/phone-numbers/15550170", admin).status()).as("nothing written").isEqualTo(404);

    Res hotline = api.put("/api/v1/queues/hotline", admin, new JsonObject().put("name", "Hotline").encode());
    assertThat(hotline.status()).as(hotline.body()).isEqualTo(201);
    Res n = api.put("/api/v1/phone-numbers/15550171", admin, new JsonObject().put("number", "+15550171")
        .put("queue", "hotline").encode());
    assertThat(n.status()).as(n.body()).isEqualTo(201);
    Res changed = api.put("/api/v1/queues/hotline", admin, new JsonObject().put("name", "Hotline")
        .put("channel", "chat").encode());
    assertThat(changed.status()).as("a queue's channel may change later").isEqualTo(200);
    try (SippCaller caller = SippCaller.dial("+15550171", node.sipPort(), 20)) {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(caller::finished);
      assertThat(caller.neverDialed()).as("sipp could not bind its port").isFalse();
      assertThat(caller.logTail(4000)).contains("SIP/2.0 480");
    }
  }

  @Test
  void aChatQueueOutsideItsHoursAnswersClosedAndStartsNoChat() throws Exception {
    // open only on the day after tomorrow (UTC): closed now, whatever the time this runs
    String day = LocalDate.now(ZoneOffset.UTC).plusDays(2).getDayOfWeek().name().substring(0, 3)
        .toLowerCase(Locale.ROOT);
    Res hours = api.put("/api/v1/business-hours/later", admin, new JsonObject().put("name", "Later")
        .put("timezone", "UTC").put("weekly", new JsonArray().add(new JsonObject().put("day", day)
            .put("open", "09:00").put("close", "10:00"))).encode());
    assertThat(hours.status()).as(hours.body()).isEqualTo(201);
    Res q = api.put("/api/v1/queues/after", admin, new JsonObject().put("name", "After").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(SITE)).put("businessHours", "later")
        .put("closedMessage", "We are closed. Back on " + day + ".").encode());
    assertThat(q.status()).as(q.body()).isEqualTo(201);
    String token = token(SITE, "after").json().getString("token");
    try (WsClient c = customer(SITE)) {
      c.send(new JsonObject().put("type", "start").put("token", token).put("name", "Nia"));
      JsonObject closed = c.next("closed");
      assertThat(closed.getString("message")).isEqualTo("We are closed. Back on " + day + ".");
      c.send(new JsonObject().put("type", "send").put("text", "hello?"));
      assertThat(c.next("error").getString("code")).as("no chat was started").isEqualTo("no-chat");
    }
  }
}
