package io.switchboard.chat.bot;

import io.switchboard.chat.BotChat;
import io.switchboard.chat.BotTurn;
import io.switchboard.chat.ChatBot;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant-defined bot that answers a chat queue's customers before any agent (docs/chat-bot.md). Each turn reads
 * the bot fronting the chat's queue from the directory, matches the customer's newest message against its intents
 * ({@link IntentIndex}, rebuilt when the bot's version changes) and decides:
 *
 * <pre>
 *   customer message ──► asks for a person (built-in or the bot's handoverPhrases) ──► Handover "asked"
 *                    ──► says goodbye ──► Close (contained after an answer, "left" before any)
 *                    ──► an intent ≥ threshold ──► answer text │ webhook step ──ok──► Answer
 *                                                                             └─fails─► Handover "webhook-failed"
 *                    ──► no intent ≥ threshold ──► last bot line asked to rephrase? ──yes──► Handover "failed-twice"
 *                                                                                    └─no──► Answer (rephrase)
 *   (a bot without intents hands over at once: "unsure")
 * </pre>
 *
 * The chat's state is read from its transcript (the bot's own earlier lines), so any node can take any turn. A Close
 * or Handover is recorded in {@link BotOutcomes} before the turn completes (a failed write is logged, never holds the
 * chat up).
 *
 * <p>Threading: {@link #turn} may be called on any thread; index builds, matching and the store run on worker
 * threads, the webhook step on Vert.x's non-blocking client.
 */
public final class IntentBot implements ChatBot {
  private static final Logger LOG = LoggerFactory.getLogger(IntentBot.class);

  private final Vertx vertx;
  private final Directory directory;
  private final BotOutcomes outcomes;
  private final BotWebhook webhook;
  private final Clock clock;
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  private record Compiled(BotSpec spec, IntentIndex index) {}

  /** @param allowInsecure whether webhook steps may call plain http and loopback or private addresses */
  public IntentBot(Vertx vertx, Directory directory, BotOutcomes outcomes, boolean allowInsecure, Clock clock) {
    this.vertx = vertx;
    this.directory = directory;
    this.outcomes = outcomes;
    this.webhook = new BotWebhook(vertx, allowInsecure, clock);
    this.clock = clock;
  }

  @Override
  public Future<BotTurn> turn(BotChat chat) {
    return fronting(chat.tenant(), chat.queueId(), null).compose(doc -> doc.isEmpty()
        ? Future.succeededFuture(new BotTurn.NotFronted())
        : compile(chat.tenant(), doc.get()).compose(c -> decide(chat, c)));
  }

  /** The bot fronting {@code queueId}: the tenant's bots read page by page until one lists the queue. */
  private Future<Optional<JsonObject>> fronting(String tenant, String queueId, String cursor) {
    return directory.list(tenant, Kind.CHAT_BOT, cursor, Directory.MAX_PAGE).compose(page -> {
      for (JsonObject bot : page.items()) {
        if (bot.getJsonArray("queues", new JsonArray()).contains(queueId)) {
          return Future.succeededFuture(Optional.of(bot));
        }
      }
      return page.next() == null ? Future.succeededFuture(Optional.empty()) : fronting(tenant, queueId, page.next());
    });
  }

  private Future<Compiled> compile(String tenant, JsonObject doc) {
    String key = tenant + "/" + doc.getString("id");
    Compiled have = compiled.get(key);
    if (have != null && have.spec().version() == doc.getLong("version")) {
      return Future.succeededFuture(have);
    }
    return vertx.executeBlocking(() -> {
      BotSpec spec = BotSpec.of(doc);
      Compiled c = new Compiled(spec, IntentIndex.build(spec.language(), IntentIndex.phrases(spec)));
      compiled.merge(key, c, (old, now) -> old.spec().version() > now.spec().version() ? old : now);
      return c;
    }, false);
  }

  private Future<BotTurn> decide(BotChat chat, Compiled c) {
    BotSpec spec = c.spec();
    Transcript t = Transcript.of(chat, spec.rephraseText());
    return vertx.executeBlocking(() -> c.index().match(t.newest()), false).compose(m -> {
      boolean sure = m.intent() != null && m.confidence() >= spec.threshold();
      if (sure && m.intent().equals(BuiltIns.PERSON)) {
        return handover(chat, spec, t, "asked");
      }
      if (sure && m.intent().equals(BuiltIns.DONE)) {
        return end(chat, spec, t, t.answered() ? "contained" : "left", null,
            new BotTurn.Close(BuiltIns.of(spec.language()).goodbye()));
      }
      if (spec.intents().isEmpty()) {
        return handover(chat, spec, t, "unsure");
      }
      if (sure) {
        return answer(chat, spec, t, spec.intent(m.intent()));
      }
      return t.missedLast() ? handover(chat, spec, t, "failed-twice")
          : Future.succeededFuture(new BotTurn.Answer(t.greeted(spec, spec.rephraseText()), null));
    });
  }

  private Future<BotTurn> answer(BotChat chat, BotSpec spec, Transcript t, BotSpec.Intent intent) {
    if (intent.webhookUrl() == null) {
      return Future.succeededFuture(new BotTurn.Answer(t.greeted(spec, intent.answer()), intent.name()));
    }
    return directory.chatBotSecret(chat.tenant(), spec.id())
        .compose(secret -> secret.isEmpty() ? Future.failedFuture("the bot has no secret to sign with")
            : webhook.ask(intent.webhookUrl(), intent.webhookTimeoutMs(), chat.chatId() + "." + t.turns(),
                secret.get(), context(chat, spec, intent)))
        .<BotTurn>map(text -> new BotTurn.Answer(t.greeted(spec, text), intent.name()))
        .recover(e -> {
          LOG.info("chat bot {}/{} intent {}: webhook step failed: {}", chat.tenant(), spec.id(), intent.name(),
              e.getMessage());
          return handover(chat, spec, t, "webhook-failed");
        });
  }

  /** What the webhook step POSTs: the bot, the intent and the whole conversation so far. */
  static JsonObject context(BotChat chat, BotSpec spec, BotSpec.Intent intent) {
    JsonArray lines = new JsonArray();
    chat.lines().forEach(l -> lines.add(new JsonObject().put("from", l.from()).put("text", l.text())
        .put("at", l.at() == null ? null : l.at().toString())));
    return new JsonObject().put("type", "chat.bot.intent").put("botId", spec.id()).put("intent", intent.name())
        .put("chatId", chat.chatId()).put("queueId", chat.queueId()).put("customerName", chat.customerName())
        .put("language", chat.language()).put("lines", lines);
  }

  private Future<BotTurn> handover(BotChat chat, BotSpec spec, Transcript t, String reason) {
    return end(chat, spec, t, "handover", reason, new BotTurn.Handover(reason, spec.handoverText()));
  }

  /** Records how the chat ended, then gives the turn (also when the record could not be written). */
  private Future<BotTurn> end(BotChat chat, BotSpec spec, Transcript t, String outcome, String reason, BotTurn turn) {
    BotOutcomes.Outcome o = new BotOutcomes.Outcome(chat.tenant(), chat.chatId(), spec.id(), chat.queueId(),
        outcome, reason, t.turns(), clock.instant());
    return vertx.executeBlocking(() -> outcomes.record(o), false)
        .recover(e -> {
          LOG.warn("chat bot {}/{}: outcome of chat {} not recorded: {}", chat.tenant(), spec.id(), chat.chatId(),
              e.toString());
          return Future.succeededFuture(false);
        })
        .map(turn);
  }

  /** Closes the webhook client. */
  public void close() {
    webhook.close();
  }

  /** What the bot reads of a chat's lines. */
  private record Transcript(String newest, int turns, boolean missedLast, boolean answered, boolean botSpoke) {
    static Transcript of(BotChat chat, String rephrase) {
      List<BotChat.Line> lines = chat.lines();
      String newest = "";
      int turns = 0;
      BotChat.Line lastBot = null;
      boolean answered = false;
      for (int i = 0; i < lines.size(); i++) {
        BotChat.Line l = lines.get(i);
        if ("customer".equals(l.from())) {
          turns++;
          newest = l.text();
        } else if ("bot".equals(l.from())) {
          lastBot = l;
          answered |= !l.text().endsWith(rephrase);
        }
      }
      return new Transcript(newest, turns, lastBot != null && lastBot.text().endsWith(rephrase), answered,
          lastBot != null);
    }

    /** The bot's first words in a chat start with its greeting. */
    String greeted(BotSpec spec, String text) {
      return botSpoke || spec.greeting() == null ? text : spec.greeting() + "\n\n" + text;
    }
  }
}
