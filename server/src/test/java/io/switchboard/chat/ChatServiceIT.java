package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.RedisAcd;
import io.switchboard.acd.RedisChatRouting;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.records.Database;
import io.switchboard.records.Interaction;
import io.switchboard.records.PgInteractionQueries;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat service on a real PostgreSQL (its own database) and a real Redis ACD, with a small bot of the test's
 * own (a lambda: the {@link ChatBot} seam): a chat no bot fronts is routed at the first line; a bot answers, then
 * hands over with its reason, and the agent who takes the chat gets the whole conversation; a bot that closes
 * contains the chat; the interaction row (channel chat) has the answer, the end, the outcome and the disposition,
 * its transcript is searchable and leaves with the interaction (retention); bad input (an oversized or empty
 * message, a flood, another agent's chat) is refused naming the field, and the other chats go on.
 */
class ChatServiceIT {
  static final String T = "chatsvc";
  static final long START = Instant.parse("2026-12-07T15:00:00Z").toEpochMilli();

  static Database db;
  static Vertx vertx;
  static RedisConnections redis;
  static final TestClock CLOCK = new TestClock(START);
  static RedisAcd acd;
  static PgChatStore store;
  static final AtomicReference<ChatBot> BOT = new AtomicReference<>(ChatBot.NONE);
  static ChatService chats;
  static final List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void open() {
    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
        TestPostgres.newDatabase("chat_it"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
    db = Database.open(config.records(), Path.of("unused"));
    store = new PgChatStore(db.dataSource());
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    acd = new RedisAcd(vertx, redis, AcdOptions.defaults("chat-it"), CLOCK);
    chats = new ChatService(vertx, store, new RedisChatRouting(acd, 2, 0, 2, 2), chat -> BOT.get().turn(chat), CLOCK, 50, 5);
    chats.listen(new ChatListener() {
      @Override
      public void line(String tenant, Chat chat, ChatMessage line) {
        told.add(line.from() + ":" + line.text());
      }

      @Override
      public void ended(String tenant, Chat chat) {
        told.add("ended:" + chat.endedBy());
      }

      @Override
      public void joined(String tenant, Chat chat) {
        told.add("joined:" + chat.agentId());
      }

      @Override
      public void typing(String tenant, Chat chat, String from) {
        told.add("typing:" + from);
      }
    });
  }

  @AfterAll
  static void close() {
    db.close();
    vertx.close();
  }

  @BeforeEach
  void fresh() {
    TestRedis.flushAll();
    BOT.set(ChatBot.NONE);
    put("queue", "web", new JsonObject().put("channel", "chat").put("noAnswerSeconds", 20));
    for (String a : List.of("ann", "ben")) {
      put("agent", a, new JsonObject().put("username", a).put("roles", new JsonArray().add("agent"))
          .put("queues", new JsonArray().add("web")).put("languages", new JsonArray().add("en")).put("enabled", true));
    }
    acd.setState(T, "ann", AgentState.AVAILABLE, null, "chat-it").await();
  }

  static void put(String kind, String id, JsonObject doc) {
    await(redis.commands().set(Keys.directory(T, kind, id), doc.put("id", id).put("name", id).put("version", 1)
        .encode()));
    await(redis.commands().zadd(Keys.directoryIndex(T, kind), 0, id));
  }

  static <X> X await(java.util.concurrent.CompletionStage<X> s) {
    try {
      return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static <X> X await(Future<X> f) {
    return await(f.toCompletionStage());
  }

  static Chat start(String name) {
    return await(chats.start(T, new ChatStore.NewChat("web", "http://127.0.0.1:9", "customer-" + name, name, name + "@example.com", "en")));
  }

  static List<String> texts(List<ChatMessage> lines) {
    List<String> out = new ArrayList<>();
    lines.forEach(m -> out.add(m.seq() + " " + m.from() + ": " + m.text()));
    return out;
  }

  static Interaction interaction(String id) throws Exception {
    return new PgInteractionQueries(db.dataSource()).get(T, id).orElseThrow();
  }

  @Test
  void withNoBotTheFirstLineRoutesTheChatAndTheInteractionHasItAll() throws Exception {
    Chat c = start("Carla");
    await(chats.customerSays(T, c.id(), "<b>hi</b> <script>alert(1)</script>"));
    assertThat(await(chats.get(T, c.id())).status()).isEqualTo(ChatStatus.QUEUED);
    CLOCK.advanceSeconds(7);
    List<ChatMessage> all = await(chats.accept(T, "ann", c.id()));
    assertThat(texts(all)).as("stored as sent: clients show it as text")
        .containsExactly("1 customer: <b>hi</b> <script>alert(1)</script>");
    await(chats.agentSays(T, "ann", c.id(), "Hello Carla, refund or exchange?"));
    await(chats.customerSays(T, c.id(), "refund please"));
    assertThatThrownBy(() -> await(chats.agentSays(T, "ben", c.id(), "hi")))
        .hasMessageContaining("is not yours");
    CLOCK.advanceSeconds(60);
    Chat ended = await(chats.agentEnds(T, "ann", c.id(), "refund"));
    assertThat(ended.status()).isEqualTo(ChatStatus.ENDED);
    assertThatThrownBy(() -> await(chats.customerSays(T, c.id(), "still there?"))).hasMessageContaining("has ended");

    Interaction i = interaction(c.id());
    assertThat(i.caller()).isEqualTo("Carla@example.com");
    assertThat(i.queue()).isEqualTo("web");
    assertThat(i.agentId()).isEqualTo("ann");
    assertThat(i.outcome()).isEqualTo("answered");
    assertThat(i.disposition()).isEqualTo("refund");
    assertThat(i.waitMs()).isEqualTo(7_000);
    assertThat(i.talkMs()).isEqualTo(60_000);
    assertThat(channel(c.id())).isEqualTo("chat");
    assertThat(texts(await(chats.lines(T, c.id(), 1)))).containsExactly("2 agent: Hello Carla, refund or exchange?",
        "3 customer: refund please");

    List<ChatStore.Hit> hits = await(chats.search(T, "REFUND please", null, 10));
    assertThat(hits).extracting(h -> h.chat().id()).contains(c.id());
    assertThat(hits.stream().filter(h -> h.chat().id().equals(c.id())).findFirst().orElseThrow().line().seq())
        .isEqualTo(3);
    assertThat(await(chats.search(T, "refund", "ben", 10))).as("an agent's search: its own chats").isEmpty();
  }

  @Test
  void theBotAnswersThenHandsOverAndTheAgentGetsTheWholeConversation() {
    BOT.set(chat -> {
      String last = chat.lines().get(chat.lines().size() - 1).text();
      return Future.succeededFuture(last.contains("person")
          ? new BotTurn.Handover("asked", null) : new BotTurn.Answer("Our hours are 9 to 5.", "hours"));
    });
    Chat c = start("Dan");
    await(chats.customerSays(T, c.id(), "when are you open?"));
    assertThat(await(chats.get(T, c.id())).status()).isEqualTo(ChatStatus.BOT);
    await(chats.customerSays(T, c.id(), "I want a person"));
    Chat queued = await(chats.get(T, c.id()));
    assertThat(queued.status()).isEqualTo(ChatStatus.QUEUED);
    assertThat(queued.handoverReason()).isEqualTo("asked");
    assertThat(texts(await(chats.accept(T, "ann", c.id())))).containsExactly("1 customer: when are you open?",
        "2 bot: Our hours are 9 to 5.", "3 customer: I want a person", "4 bot: " + ChatService.HANDOVER_TEXT);
    assertThat(told).contains("joined:ann");
  }

  @Test
  void aBotThatClosesContainsTheChat() throws Exception {
    BOT.set(chat -> Future.succeededFuture(new BotTurn.Close("Glad to help, bye!")));
    Chat c = start("Eve");
    await(chats.customerSays(T, c.id(), "thanks, that's all"));
    Chat ended = await(chats.get(T, c.id()));
    assertThat(ended.status()).isEqualTo(ChatStatus.ENDED);
    assertThat(ended.endedBy()).isEqualTo("bot");
    assertThat(interaction(c.id()).outcome()).isEqualTo("contained");
    assertThat(told).contains("bot:Glad to help, bye!", "ended:bot");
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndOtherChatsGoOn() {
    Chat flood = start("Fay");
    Chat other = start("Gus");
    assertThatThrownBy(() -> await(chats.customerSays(T, flood.id(), "x".repeat(51))))
        .isInstanceOf(ChatException.class).hasMessageContaining("at most 50 characters, this one 51")
        .extracting(e -> ((ChatException) e).field()).isEqualTo("text");
    assertThatThrownBy(() -> await(chats.customerSays(T, flood.id(), "   "))).hasMessageContaining("needs some text");
    for (int i = 0; i < 5; i++) {
      await(chats.customerSays(T, flood.id(), "spam " + i));
    }
    assertThatThrownBy(() -> await(chats.customerSays(T, flood.id(), "spam 6")))
        .isInstanceOf(ChatException.class).hasMessageContaining("too many messages: wait 60 s");
    await(chats.customerSays(T, other.id(), "hello"));  // another customer is not limited
    assertThat(await(chats.lines(T, flood.id(), 0))).hasSize(5);
    CLOCK.advanceSeconds(61);
    await(chats.customerSays(T, flood.id(), "after a minute"));
  }

  @Test
  void theTranscriptLeavesWithItsInteraction() throws Exception {
    Chat c = start("Hal");
    await(chats.customerSays(T, c.id(), "delete me later"));
    try (Connection conn = db.dataSource().getConnection(); Statement s = conn.createStatement()) {
      s.executeUpdate("DELETE FROM interactions WHERE call_id = '" + c.id() + "'");
    }
    assertThat(await(chats.lines(T, c.id(), 0))).isEmpty();
    assertThatThrownBy(() -> await(chats.get(T, c.id()))).hasMessageContaining("no such chat");
  }

  static String channel(String id) throws Exception {
    try (Connection conn = db.dataSource().getConnection(); Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT channel FROM interactions WHERE call_id = '" + id + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
