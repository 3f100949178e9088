package io.switchboard.chat.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.PasswordHasher;
import io.switchboard.chat.BotChat;
import io.switchboard.chat.BotTurn;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.records.Database;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bot behind ChatBot on a real Redis directory, a real PostgreSQL (a database of its own: the outcomes are
 * counted) and a real local HTTP server for the webhook step: answers in English and Spanish with the greeting first,
 * rephrase then failed-twice, a person asked for, goodbye after an answer (contained), the webhook step's signature and
 * a down endpoint (webhook-failed), a changed bot matched anew, and the figures of what it recorded.
 */
class IntentBotIT {
  static final String TENANT = "bot-it";
  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
      .getBytes(StandardCharsets.US_ASCII));
  static Vertx vertx;
  static RedisConnections redis;
  static Directory directory;
  static Database db;
  static PgBotOutcomes outcomes;
  static IntentBot bot;
  static HttpServer hook;
  static int downPort;
  static final List<JsonObject> received = new CopyOnWriteArrayList<>();
  static final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    directory = new Directory(vertx, redis, new PasswordHasher(4));
    directory.createTenant(TENANT).await();
    for (String q : List.of("support", "ventas", "orders", "plain")) {
      directory.put(TENANT, Kind.QUEUE, q, new JsonObject().put("name", q), null).await();
    }
    hook = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(new JsonObject().put("id", req.getHeader("webhook-id"))
          .put("timestamp", req.getHeader("webhook-timestamp")).put("signature", req.getHeader("webhook-signature"))
          .put("body", body.toString(StandardCharsets.UTF_8)));
      if (req.path().equals("/slow")) { // answers after the intent's timeout
        vertx.setTimer(3000, t -> req.response().end(new JsonObject().put("answer", "late").encode()));
        return;
      }
      req.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("answer", "Order 42 ships today").encode());
    })).listen(0, "127.0.0.1").await();
    HttpServer closed = vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1").await();
    downPort = closed.actualPort();
    closed.close().await();

    put("helper", "en", "support", "Hi, I am the Acme bot.", new JsonArray()
        .add(intent("opening-hours", "We are open 9 to 5.", "what are your opening hours", "when do you open"))
        .add(intent("refund", "Refunds take 5 days.", "I want a refund", "how do I get my money back")), null);
    put("ayudante", "es", "ventas", null, new JsonArray()
        .add(intent("horario", "Abrimos de 9 a 17.", "cuál es su horario", "a qué hora abren"))
        .add(intent("reembolso", "Tarda 5 días.", "quiero un reembolso")), null);
    put("tracker", "en", "orders", null, new JsonArray()
        .add(new JsonObject().put("name", "where-is-my-order").put("phrases", new JsonArray().add("where is my order"))
            .put("webhook", new JsonObject().put("url", "http://127.0.0.1:" + hook.actualPort() + "/orders")
                .put("timeoutMs", 2000)))
        .add(new JsonObject().put("name", "invoice").put("phrases", new JsonArray().add("send me my invoice"))
            .put("webhook", new JsonObject().put("url", "http://127.0.0.1:" + downPort + "/invoices")
                .put("timeoutMs", 500)))
        .add(new JsonObject().put("name", "delivery-date").put("phrases", new JsonArray().add("when will it arrive"))
            .put("webhook", new JsonObject().put("url", "http://127.0.0.1:" + hook.actualPort() + "/slow")
                .put("timeoutMs", 300))), SECRET);

    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
        TestPostgres.newDatabase("intent_bot_it"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
    db = Database.open(config.records(), Path.of("unused"));
    outcomes = new PgBotOutcomes(db.dataSource());
    bot = new IntentBot(vertx, directory, outcomes, true, clock);
  }

  @AfterAll
  static void stop() {
    bot.close();
    hook.close().await();
    db.close();
    redis.close();
    vertx.close().await();
  }

  static void put(String id, String language, String queue, String greeting, JsonArray intents, String secret) {
    JsonObject body = new JsonObject().put("name", id).put("queues", new JsonArray().add(queue))
        .put("language", language).put("greeting", greeting).put("intents", intents);
    if (secret != null) {
      body.put("secret", secret);
    }
    directory.put(TENANT, Kind.CHAT_BOT, id, body, null).await();
  }

  static JsonObject intent(String name, String answer, String... phrases) {
    return new JsonObject().put("name", name).put("phrases", new JsonArray(List.of(phrases))).put("answer", answer);
  }

  /** A chat in {@code queue}: lines alternate customer, bot, customer... (the last one is the customer's). */
  static BotChat chat(String queue, String id, String language, String... lines) {
    List<BotChat.Line> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      out.add(new BotChat.Line(i % 2 == 0 ? "customer" : "bot", lines[i], clock.instant()));
    }
    return new BotChat(TENANT, id, queue, "Ada", language, out);
  }

  static BotTurn turn(BotChat chat) {
    return bot.turn(chat).await();
  }

  @Test
  void aQueueWithoutBotIsNotFronted() {
    assertThat(turn(chat("plain", "c-plain", "en", "hello"))).isInstanceOf(BotTurn.NotFronted.class);
  }

  @Test
  void aKnownQuestionIsAnsweredAfterTheGreetingInEnglishAndSpanish() {
    assertThat(turn(chat("support", "c-en", "en", "Hello! When do you open on Monday?")))
        .isEqualTo(new BotTurn.Answer("Hi, I am the Acme bot.\n\nWe are open 9 to 5.", "opening-hours"));
    assertThat(turn(chat("support", "c-en", "en", "Hello! When do you open on Monday?", "Hi, I am the Acme bot.\n\n"
        + "We are open 9 to 5.", "and how do I get a refund?")))
        .isEqualTo(new BotTurn.Answer("Refunds take 5 days.", "refund"));
    assertThat(turn(chat("ventas", "c-es", "es", "¿A qué hora abren hoy?")))
        .isEqualTo(new BotTurn.Answer("Abrimos de 9 a 17.", "horario"));
  }

  @Test
  void unrelatedTextAsksToRephraseOnceThenHandsOverFailedTwice() {
    String rephrase = BuiltIns.of("en").rephrase();
    BotTurn first = turn(chat("support", "c-miss", "en", "the weather on mars is dusty"));
    assertThat(first).isEqualTo(new BotTurn.Answer("Hi, I am the Acme bot.\n\n" + rephrase, null));
    BotTurn second = turn(chat("support", "c-miss", "en", "the weather on mars is dusty",
        "Hi, I am the Acme bot.\n\n" + rephrase, "purple elephants dancing"));
    assertThat(second).isEqualTo(new BotTurn.Handover("failed-twice", BuiltIns.of("en").handover()));
    assertThat(outcome("c-miss")).isEqualTo("handover/failed-twice/2");
  }

  @Test
  void askingForAPersonHandsOver() {
    assertThat(turn(chat("support", "c-person", "en", "can I talk to a person")))
        .isEqualTo(new BotTurn.Handover("asked", BuiltIns.of("en").handover()));
    assertThat(outcome("c-person")).isEqualTo("handover/asked/1");
    assertThat(turn(chat("ventas", "c-persona", "es", "quiero hablar con una persona")))
        .isEqualTo(new BotTurn.Handover("asked", BuiltIns.of("es").handover()));
  }

  @Test
  void goodbyeAfterAnAnswerClosesTheChatAsContained() {
    BotTurn t = turn(chat("support", "c-bye", "en", "I want a refund", "Hi, I am the Acme bot.\n\nRefunds take 5 days.",
        "great, thanks, that's all"));
    assertThat(t).isEqualTo(new BotTurn.Close(BuiltIns.of("en").goodbye()));
    assertThat(outcome("c-bye")).isEqualTo("contained/null/2");
  }

  @Test
  void theWebhookStepPostsTheSignedChatAndAnswersWithTheReply() throws Exception {
    BotTurn t = turn(chat("orders", "c-hook", "en", "hi, where is my order?"));
    assertThat(t).isEqualTo(new BotTurn.Answer("Order 42 ships today", "where-is-my-order"));
    JsonObject r = received.stream().filter(x -> x.getString("id").equals("c-hook.1")).findFirst().orElseThrow();
    assertThat(r.getString("timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(r.getString("signature")).isEqualTo(hmac(r.getString("id") + "." + r.getString("timestamp") + "."
        + r.getString("body")));
    JsonObject body = new JsonObject(r.getString("body"));
    assertThat(body.getString("intent")).isEqualTo("where-is-my-order");
    assertThat(body.getString("queueId")).isEqualTo("orders");
    assertThat(body.getJsonArray("lines").getJsonObject(0).getString("text")).isEqualTo("hi, where is my order?");
  }

  @Test
  void aWebhookThatIsDownHandsOver() {
    assertThat(turn(chat("orders", "c-down", "en", "please send me my invoice")))
        .isEqualTo(new BotTurn.Handover("webhook-failed", BuiltIns.of("en").handover()));
    assertThat(outcome("c-down")).isEqualTo("handover/webhook-failed/1");
  }

  @Test
  void aWebhookThatAnswersTooLateHandsOver() {
    turn(chat("orders", "c-warm", "en", "hello there")); // the bot's index is built: only the webhook is timed
    long start = System.nanoTime();
    assertThat(turn(chat("orders", "c-slow", "en", "when will it arrive?")))
        .isEqualTo(new BotTurn.Handover("webhook-failed", BuiltIns.of("en").handover()));
    assertThat((System.nanoTime() - start) / 1_000_000).as("the intent's timeout, not the reply's delay")
        .isLessThan(2500);
    assertThat(outcome("c-slow")).isEqualTo("handover/webhook-failed/1");
  }

  @Test
  void aChangedBotIsMatchedWithItsNewIntents() {
    JsonArray intents = new JsonArray().add(intent("shipping", "We ship worldwide.", "do you ship abroad"))
        .add(intent("refund", "Refunds take 5 days.", "I want a refund"));
    put("changing", "en", "plain", null, intents, null);
    try {
      assertThat(turn(chat("plain", "c-change-1", "en", "do you ship to Canada abroad")))
          .isEqualTo(new BotTurn.Answer("We ship worldwide.", "shipping"));
      intents.getJsonObject(0).put("answer", "We ship to 40 countries.");
      put("changing", "en", "plain", null, intents, null);
      assertThat(turn(chat("plain", "c-change-2", "en", "do you ship to Canada abroad")))
          .isEqualTo(new BotTurn.Answer("We ship to 40 countries.", "shipping"));
    } finally {
      directory.delete(TENANT, Kind.CHAT_BOT, "changing", null).await();
    }
  }

  @Test
  void theFiguresCountContainmentAndHandoverReasonsPerQueueOnce() {
    String t = "bot-figures";
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    record(t, "f1", "support", "contained", null, at);
    record(t, "f2", "support", "contained", null, at.plusSeconds(60));
    record(t, "f3", "support", "handover", "asked", at.plusSeconds(120));
    record(t, "f4", "support", "handover", "failed-twice", at.plusSeconds(180));
    record(t, "f5", "billing", "left", null, at);
    record(t, "f6", "support", "contained", null, at.minusSeconds(3600)); // before the range
    assertThat(outcomes.record(new BotOutcomes.Outcome(t, "f1", "b", "support", "handover", "asked", 3, at)))
        .as("a chat's outcome is recorded once").isFalse();
    List<BotOutcomes.QueueFigures> rows = outcomes.figures(t, at, at.plusSeconds(3600), null);
    assertThat(rows).containsExactly(
        new BotOutcomes.QueueFigures("billing", 1, 0, 1, Map.of()),
        new BotOutcomes.QueueFigures("support", 4, 2, 0, Map.of("asked", 1, "failed-twice", 1)));
    assertThat(rows.get(1).containmentRate()).isEqualTo(0.5);
    assertThat(outcomes.figures(t, at, at.plusSeconds(3600), "billing")).hasSize(1);
  }

  static void record(String tenant, String chat, String queue, String outcome, String reason, Instant at) {
    assertThat(outcomes.record(new BotOutcomes.Outcome(tenant, chat, "b", queue, outcome, reason, 1, at))).isTrue();
  }

  /** outcome/reason/turns of a chat as stored. */
  static String outcome(String chatId) {
    try (var c = db.dataSource().getConnection();
        var s = c.prepareStatement("SELECT outcome, reason, turns FROM chat_bot_outcomes WHERE tenant = ? AND chat_id = ?")) {
      s.setString(1, TENANT);
      s.setString(2, chatId);
      try (var r = s.executeQuery()) {
        return r.next() ? r.getString(1) + "/" + r.getString(2) + "/" + r.getInt(3) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The signature computed here, apart from the node's code: HMAC-SHA256 with the secret's decoded key. */
  static String hmac(String signed) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }
}
