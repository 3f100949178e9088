package io.switchboard.signaling;

import io.switchboard.chat.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Chat lines as the agent's socket carries them (docs/protocol.md, chat verbs). */
public final class ChatWire {
  private ChatWire() {}

  /** {@code chat.message}: one line, with the agent who wrote it (agents may see each other's lines). */
  public static JsonObject line(ChatMessage m) {
    return new JsonObject().put("type", "chat.message").put("chatId", m.chatId()).mergeIn(fields(m));
  }

  /** The lines of {@code chat.accepted}: each as {@code chat.message} without type and chatId. */
  public static JsonArray lines(List<ChatMessage> lines) {
    JsonArray out = new JsonArray();
    lines.forEach(m -> out.add(fields(m)));
    return out;
  }

  /**
   * {@code chat.held}: the chats the agent holds, for a page that (re)connects: each with {@code chatId},
   * {@code queue}, {@code customerName}, {@code enqueuedAt}, {@code state} {@code offered} (with the offer's
   * {@code deadline}: the page shows the offer again) or {@code connected} (with its {@code lines} so far).
   */
  public static JsonObject held(List<io.switchboard.chat.ChatService.Held> held) {
    JsonArray chats = new JsonArray();
    for (io.switchboard.chat.ChatService.Held h : held) {
      JsonObject c = new JsonObject().put("chatId", h.chat().chatId()).put("queue", h.chat().queue())
          .put("customerName", h.chat().customerName()).put("enqueuedAt", h.chat().enqueuedAt());
      if ("connected".equals(h.chat().state())) {
        c.put("state", "connected").put("lines", lines(h.lines()));
      } else {
        c.put("state", "offered").put("deadline", h.chat().deadline());
      }
      chats.add(c);
    }
    return new JsonObject().put("type", "chat.held").put("chats", chats);
  }

  /**
   * {@code chat.watch.line}: one line of a watched chat, as a watching supervisor gets it (whispers too, marked
   * {@code private}).
   */
  public static JsonObject watchLine(ChatMessage m) {
    return new JsonObject().put("type", "chat.watch.line").put("chatId", m.chatId()).mergeIn(fields(m));
  }

  /** A line's fields; a whisper (from {@code supervisor}, agentId the supervisor) has {@code private: true}. */
  private static JsonObject fields(ChatMessage m) {
    JsonObject o = new JsonObject().put("seq", m.seq()).put("from", m.from()).put("agentId", m.agentId())
        .put("text", m.text()).put("at", m.at().toEpochMilli());
    return m.staffOnly() ? o.put("private", true) : o;
  }
}
