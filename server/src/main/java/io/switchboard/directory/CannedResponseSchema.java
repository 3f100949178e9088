package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Canned responses (docs/chat.md): {@code {id, title, text, language, queues}}. The id is the short code agents type
 * after {@code /} in a chat; {@code text} is plain text (shown and sent as written, never as markup) whose
 * placeholders must be {@link Placeholders#KNOWN}; {@code language} (optional) limits it to chats in that language;
 * {@code queues} (optional, references: a listed queue cannot be deleted) limits it to chats of those queues, none
 * meaning every chat queue.
 */
final class CannedResponseSchema implements Schema {
  static final int TITLE_MAX = 100;
  /** The longest chat line (chat.max-message-chars' default): a longer response could never be sent. */
  static final int TEXT_MAX = 2000;
  static final int MAX_QUEUES = 50;

  @Override
  public Normalized normalize(String id, Fields in) {
    String title = in.string("title", true, TITLE_MAX, null, null);
    String text = in.string("text", true, TEXT_MAX, null, null);
    if (text != null) {
      List<String> unknown = Placeholders.unknown(text);
      if (!unknown.isEmpty()) {
        in.error("text", "unknown placeholder {" + unknown.get(0) + "} (known: {"
            + String.join("}, {", Placeholders.KNOWN) + "})");
      }
    }
    String language = in.string("language", false, 10, Rules.LANGUAGE, Rules.LANGUAGE_RULE);
    List<String> queues = in.strings("queues", MAX_QUEUES, 64, Rules.ID, Rules.ID_RULE);
    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("text", text)
        .put("language", language)
        .put("queues", new JsonArray(new ArrayList<>(queues)));
    List<Ref> refs = new ArrayList<>();
    for (int i = 0; i < queues.size(); i++) {
      refs.add(new Ref(Kind.QUEUE, queues.get(i), "queues." + i));
    }
    return new Normalized(id, doc, refs, null, null);
  }
}
