package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chat bots (docs/chat-bot.md). Stored document, in this order: {@code id, name, description, queues, language,
 * greeting, threshold, rephraseText, handoverText, handoverPhrases, intents}; each intent
 * {@code {name, phrases, answer, webhook}} with exactly one of {@code answer} (plain text) and {@code webhook}
 * ({@code {url, timeoutMs}}: the answer comes from the tenant's endpoint).
 *
 * <p>{@code queues} are references (a fronted queue cannot be deleted) and a queue has at most one bot
 * (directory-write.lua refuses a second). {@code threshold} is the confidence, in percent, a match needs for the
 * bot to answer with it. {@code secret} ({@code whsec_...}) signs the webhook steps' requests like an outbound
 * webhook's; write-only, kept apart from the document ({@code sb:{t}:chat-bot-secret:<id>}) and required once the
 * bot has a webhook step (a later write without it keeps the stored one).
 */
final class ChatBotSchema implements Schema {
  /** The languages whose analyzers (stemming, stop words) the bot has. */
  static final List<String> LANGUAGES = List.of("en", "es");
  static final int MAX_QUEUES = 50;
  static final int MAX_INTENTS = 200;
  static final int MAX_PHRASES = 50;
  static final int PHRASE_MAX = 300;
  static final int TEXT_MAX = 2000;
  static final int DEFAULT_THRESHOLD = 50;
  static final int DEFAULT_WEBHOOK_TIMEOUT_MS = 3000;
  static final int MAX_WEBHOOK_TIMEOUT_MS = 30_000;

  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    List<String> queues = in.strings("queues", MAX_QUEUES, 64, Rules.ID, Rules.ID_RULE);
    if (in.raw("queues") == null || (queues.isEmpty() && in.noErrorUnder("queues"))) {
      in.error("queues", "must list at least one queue the bot answers first");
    }
    String language = in.string("language", false, 10, null, null);
    if (language == null && in.raw("language") == null) {
      language = "en";
    } else if (language != null && !LANGUAGES.contains(language)) {
      in.error("language", "must be one of " + String.join(", ", LANGUAGES));
    }
    String greeting = in.string("greeting", false, TEXT_MAX, null, null);
    Integer threshold = in.integer("threshold", 1, 100, DEFAULT_THRESHOLD);
    String rephrase = in.string("rephraseText", false, TEXT_MAX, null, null);
    String handover = in.string("handoverText", false, TEXT_MAX, null, null);
    List<String> handoverPhrases = in.strings("handoverPhrases", MAX_PHRASES, PHRASE_MAX, null, null);
    JsonArray intents = intents(in);
    boolean hooks = intents.stream().anyMatch(i -> ((JsonObject) i).getValue("webhook") != null);
    Secret secret = WebhookSchema.secret(in, hooks);
    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("description", description)
        .put("queues", new JsonArray(new ArrayList<>(queues)))
        .put("language", language)
        .put("greeting", greeting)
        .put("threshold", threshold)
        .put("rephraseText", rephrase)
        .put("handoverText", handover)
        .put("handoverPhrases", new JsonArray(new ArrayList<>(handoverPhrases)))
        .put("intents", intents);
    List<Ref> refs = new ArrayList<>();
    for (int i = 0; i < queues.size(); i++) {
      refs.add(new Ref(Kind.QUEUE, queues.get(i), "queues." + i));
    }
    return new Normalized(id, doc, refs, null, null, secret);
  }

  private static JsonArray intents(Fields in) {
    List<Fields> items = in.objects("intents", MAX_INTENTS);
    if (in.raw("intents") == null) {
      in.error("intents", "is required (an empty list: the bot only greets and hands over)");
    }
    JsonArray out = new JsonArray();
    Set<String> names = new HashSet<>();
    for (Fields intent : items) {
      String name = intent.string("name", true, 64, Rules.ID, Rules.ID_RULE);
      if (name != null && !names.add(name)) {
        intent.error("name", "'" + name + "' names another intent too");
      }
      List<String> phrases = intent.strings("phrases", MAX_PHRASES, PHRASE_MAX, null, null);
      if (phrases.isEmpty() && intent.noErrorUnder("phrases")) {
        intent.error("phrases", "must list at least one example phrase");
      }
      String answer = intent.string("answer", false, TEXT_MAX, null, null);
      JsonObject webhook = webhook(intent.object("webhook"));
      if ((answer == null) == (webhook == null) && intent.noErrorUnder("answer") && intent.noErrorUnder("webhook")) {
        intent.error("answer", "give exactly one of answer (the text) and webhook (where the answer comes from)");
      }
      out.add(new JsonObject().put("name", name).put("phrases", new JsonArray(new ArrayList<>(phrases)))
          .put("answer", answer).put("webhook", webhook));
    }
    return out;
  }

  private static JsonObject webhook(Fields in) {
    if (in == null) {
      return null;
    }
    String url = in.string("url", true, WebhookSchema.URL_MAX, null, null);
    if (url != null) {
      String problem = WebhookSchema.urlProblem(url);
      if (problem != null) {
        in.error("url", problem);
      }
    }
    Integer timeout = in.integer("timeoutMs", 100, MAX_WEBHOOK_TIMEOUT_MS, DEFAULT_WEBHOOK_TIMEOUT_MS);
    return new JsonObject().put("url", url).put("timeoutMs", timeout);
  }
}
