package io.switchboard.chat.bot;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One chat bot as the directory stores it (directory.ChatBotSchema, already validated), with the language's
 * default texts filled in where the tenant gave none.
 *
 * @param threshold the confidence (0..1) a match needs for the bot to act on it
 */
record BotSpec(String id, long version, List<String> queues, String language, String greeting, double threshold,
    String rephraseText, String handoverText, List<String> handoverPhrases, List<Intent> intents) {

  /** An intent: its example phrases and either a fixed answer or a webhook step ({@code webhookUrl} not null). */
  record Intent(String name, List<String> phrases, String answer, String webhookUrl, int webhookTimeoutMs) {}

  BotSpec {
    queues = List.copyOf(queues);
    handoverPhrases = List.copyOf(handoverPhrases);
    intents = List.copyOf(intents);
  }

  static BotSpec of(JsonObject doc) {
    String language = doc.getString("language", "en");
    BuiltIns texts = BuiltIns.of(language);
    List<Intent> intents = new ArrayList<>();
    for (Object o : doc.getJsonArray("intents", new JsonArray())) {
      JsonObject i = (JsonObject) o;
      JsonObject hook = i.getJsonObject("webhook");
      intents.add(new Intent(i.getString("name"), strings(i.getJsonArray("phrases")), i.getString("answer"),
          hook == null ? null : hook.getString("url"), hook == null ? 0 : hook.getInteger("timeoutMs")));
    }
    return new BotSpec(doc.getString("id"), doc.getLong("version", 0L), strings(doc.getJsonArray("queues")),
        language, doc.getString("greeting"), doc.getInteger("threshold", 50) / 100.0,
        orElse(doc.getString("rephraseText"), texts.rephrase()),
        orElse(doc.getString("handoverText"), texts.handover()),
        strings(doc.getJsonArray("handoverPhrases")), intents);
  }

  Intent intent(String name) {
    return intents.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) {
      a.forEach(s -> out.add((String) s));
    }
    return out;
  }

  private static String orElse(String s, String dflt) {
    return s == null ? dflt : s;
  }
}
