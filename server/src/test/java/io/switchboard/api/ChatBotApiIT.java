package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.ApiServer.Caller;
import io.switchboard.api.ApiServer.Res;
import io.switchboard.chat.bot.BotOutcomes;
import io.switchboard.chat.bot.PgBotOutcomes;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Kind;
import io.switchboard.records.Database;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chat bots over the admin API on a real Redis and HTTP server: a full bot stored as sent (secret never returned),
 * each malformed field named ({@code intents.1.phrases.0}), one bot per queue, a fronted queue that cannot be
 * deleted, the intent file (replaced, or nothing changed when malformed), and the bot report over a database of its
 * own (figures, bad parameters, an unknown queue).
 */
class ChatBotApiIT {
  static final String TENANT = "chatbot-api";
  static final Caller ADMIN = new Caller(TENANT, "root", "admin");
  static final Caller SUPERVISOR = new Caller(TENANT, "sam", "supervisor");
  static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  static ApiServer api;
  static Database db;

  @BeforeAll
  static void start() {
    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
        TestPostgres.newDatabase("chat_bot_api_it"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
    db = Database.open(config.records(), Path.of("unused"));
    PgBotOutcomes outcomes = new PgBotOutcomes(db.dataSource());
    api = new ApiServer(1 << 20, (router, self) ->
        new BotReportApi(self.vertx, outcomes, self.directory).mount(router, new TestGuard()));
    api.directory.createTenant(TENANT).await();
    for (String q : new String[] {"support", "sales", "billing"}) {
      api.directory.put(TENANT, Kind.QUEUE, q, new JsonObject().put("name", q), null).await();
    }
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    outcomes.record(new BotOutcomes.Outcome(TENANT, "c1", "b", "support", "contained", null, 2, at));
    outcomes.record(new BotOutcomes.Outcome(TENANT, "c2", "b", "support", "handover", "asked", 1, at));
    outcomes.record(new BotOutcomes.Outcome(TENANT, "c3", "b", "support", "handover", "webhook-failed", 1, at));
    outcomes.record(new BotOutcomes.Outcome(TENANT, "c4", "b", "support", "contained", null, 3, at));
    outcomes.record(new BotOutcomes.Outcome(TENANT, "c5", "b", "sales", "handover", "failed-twice", 2, at));
  }

  @AfterAll
  static void stop() {
    api.close();
    db.close();
  }

  static JsonObject bot(String queue) {
    return new JsonObject().put("name", "Helper").put("queues", new JsonArray().add(queue)).put("language", "en")
        .put("greeting", "Hi!").put("threshold", 60)
        .put("intents", new JsonArray()
            .add(new JsonObject().put("name", "hours").put("phrases", new JsonArray().add("when do you open"))
                .put("answer", "9 to 5"))
            .add(new JsonObject().put("name", "order").put("phrases", new JsonArray().add("where is my order"))
                .put("webhook", new JsonObject().put("url", "https://crm.example.com/bot"))))
        .put("secret", SECRET);
  }

  @Test
  void aBotIsStoredAsSentWithDefaultsAndWithoutItsSecret() {
    Res r = api.as(ADMIN).put("/api/v1/chat-bots/full", bot("support").encode());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonObject got = api.as(SUPERVISOR).get("/api/v1/chat-bots/full").json();
    assertThat(got.containsKey("secret")).isFalse();
    assertThat(got.getInteger("threshold")).isEqualTo(60);
    assertThat(got.getJsonArray("intents").getJsonObject(1).getJsonObject("webhook"))
        .isEqualTo(new JsonObject().put("url", "https://crm.example.com/bot").put("timeoutMs", 3000));
    assertThat(api.as(ADMIN).delete("/api/v1/queues/support").status()).as("a fronted queue stays").isEqualTo(409);
    assertThat(api.as(ADMIN).delete("/api/v1/chat-bots/full").status()).isEqualTo(204);
    assertThat(api.as(new Caller(TENANT, "a1", "agent")).get("/api/v1/chat-bots").status()).isEqualTo(403);
  }

  @Test
  void eachMalformedFieldIsNamed() {
    JsonObject b = bot("nope").put("language", "fr").put("threshold", 0).put("extra", 1);
    b.getJsonArray("intents").getJsonObject(0).put("phrases", new JsonArray().add(""));
    b.getJsonArray("intents").getJsonObject(1).put("answer", "both").getJsonObject("webhook")
        .put("url", "ftp://x").put("timeoutMs", 99_999);
    b.getJsonArray("intents").add(new JsonObject().put("name", "hours").put("phrases", new JsonArray()));
    Res r = api.as(ADMIN).put("/api/v1/chat-bots/bad", b.encode());
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.fields()).containsExactlyInAnyOrder("language", "threshold", "extra", "intents.0.phrases.0",
        "intents.1.webhook.url", "intents.1.webhook.timeoutMs", "intents.2.name", "intents.2.phrases",
        "intents.2.answer");
    assertThat(api.as(ADMIN).get("/api/v1/chat-bots/bad").status()).isEqualTo(404);

    Res noQueue = api.as(ADMIN).put("/api/v1/chat-bots/bad", bot("nope").encode());
    assertThat(noQueue.status()).isEqualTo(400);
    assertThat(noQueue.fields()).containsExactly("queues.0");
    JsonObject noSecret = bot("billing");
    noSecret.remove("secret");
    Res r2 = api.as(ADMIN).put("/api/v1/chat-bots/bad", noSecret.encode());
    assertThat(r2.fields()).as(r2.toString()).containsExactly("secret");
  }

  @Test
  void aQueueHasOneBot() {
    assertThat(api.as(ADMIN).put("/api/v1/chat-bots/first", bot("sales").encode()).status()).isEqualTo(201);
    Res second = api.as(ADMIN).put("/api/v1/chat-bots/second", bot("sales").encode());
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.fields()).containsExactly("queues.0");
    assertThat(second.json().getString("detail")).contains("already fronted by chat-bot 'first'");
    assertThat(api.as(ADMIN).put("/api/v1/chat-bots/first", bot("sales").encode()).status())
        .as("the bot itself may be written again").isEqualTo(200);
    assertThat(api.as(ADMIN).delete("/api/v1/chat-bots/first").status()).isEqualTo(204);
    assertThat(api.as(ADMIN).put("/api/v1/chat-bots/second", bot("sales").encode()).status()).isEqualTo(201);
    assertThat(api.as(ADMIN).delete("/api/v1/chat-bots/second").status()).isEqualTo(204);
  }

  @Test
  void theIntentFileReplacesTheIntentsOrChangesNothing() {
    assertThat(api.as(ADMIN).put("/api/v1/chat-bots/filed", bot("billing").encode()).status()).isEqualTo(201);
    JsonArray good = new JsonArray().add(new JsonObject().put("name", "invoice")
        .put("phrases", new JsonArray().add("send my invoice")).put("answer", "Sent."));
    Res ok = api.as(ADMIN).put("/api/v1/chat-bots/filed/intents", new JsonObject().put("intents", good).encode());
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.json().getJsonArray("intents").getJsonObject(0).getString("name")).isEqualTo("invoice");
    assertThat(ok.json().getLong("version")).isEqualTo(2);

    JsonArray bad = new JsonArray().add(good.getJsonObject(0)).add(new JsonObject().put("name", "x")
        .put("phrases", new JsonArray().add("ok").add(7)).put("answer", "y"));
    Res r = api.as(ADMIN).put("/api/v1/chat-bots/filed/intents", new JsonObject().put("intents", bad).encode());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("intents.1.phrases.1");
    assertThat(api.as(ADMIN).put("/api/v1/chat-bots/filed/intents", "{\"intents\": [], \"intents\": []}").status())
        .as("duplicate key").isEqualTo(400);
    assertThat(api.as(ADMIN).put("/api/v1/chat-bots/filed/intents", "{\"intent\": []}").fields())
        .containsExactly("intent");
    assertThat(api.as(ADMIN).put("/api/v1/chat-bots/ghost/intents", new JsonObject().put("intents", good).encode())
        .status()).isEqualTo(404);
    JsonObject now = api.as(ADMIN).get("/api/v1/chat-bots/filed").json();
    assertThat(now.getLong("version")).as("nothing changed").isEqualTo(2);
    assertThat(now.getJsonArray("intents")).isEqualTo(ok.json().getJsonArray("intents"));
    assertThat(api.as(ADMIN).delete("/api/v1/chat-bots/filed").status()).isEqualTo(204);
  }

  @Test
  void theReportGivesContainmentAndHandoverReasonsPerQueue() {
    Res r = api.as(SUPERVISOR).get("/api/v1/reports/bot?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonArray rows = r.json().getJsonArray("rows");
    assertThat(rows).hasSize(2);
    JsonObject support = rows.getJsonObject(1);
    assertThat(support.getString("queue")).isEqualTo("support");
    assertThat(support.getInteger("chats")).isEqualTo(4);
    assertThat(support.getInteger("contained")).isEqualTo(2);
    assertThat(support.getInteger("handedOver")).isEqualTo(2);
    assertThat(support.getDouble("containmentRate")).isEqualTo(0.5);
    assertThat(support.getJsonObject("handoverReasons"))
        .isEqualTo(new JsonObject().put("asked", 1).put("webhook-failed", 1));
    assertThat(rows.getJsonObject(0).getJsonObject("handoverReasons"))
        .isEqualTo(new JsonObject().put("failed-twice", 1));
    assertThat(api.as(SUPERVISOR).get("/api/v1/reports/bot?from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z")
        .json().getJsonArray("rows")).isEmpty();
  }

  @Test
  void theReportNamesABadParameter() {
    assertThat(api.as(SUPERVISOR).get("/api/v1/reports/bot?to=2026-12-02T00:00:00Z").fields())
        .containsExactly("from");
    assertThat(api.as(SUPERVISOR).get("/api/v1/reports/bot?from=yesterday&to=2026-12-02T00:00:00Z").fields())
        .containsExactly("from");
    assertThat(api.as(SUPERVISOR).get("/api/v1/reports/bot?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z")
        .fields()).containsExactly("to");
    assertThat(api.as(new Caller(TENANT, "a1", "agent"))
        .get("/api/v1/reports/bot?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z").status()).isEqualTo(403);
  }
}
