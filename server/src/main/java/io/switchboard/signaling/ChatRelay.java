package io.switchboard.signaling;

import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatListener;
import io.switchboard.chat.ChatMessage;
import io.switchboard.chat.ChatStatus;
import io.vertx.core.json.JsonObject;

/**
 * Tells the agent working on a chat what happens in it: {@code chat.message} (every line, its own too, with the
 * stored seq; a watching supervisor's whisper too, from {@code supervisor} and {@code private}), {@code chat.typing}
 * (the customer types) and {@code chat.ended}. Only the chat's own agent is told,
 * on the sockets it has on this node. Any thread.
 */
final class ChatRelay implements ChatListener {
  /** Sends one message to an agent's sockets on this node. */
  @FunctionalInterface
  interface Tell {
    void tell(String tenant, String agentId, JsonObject message);
  }

  private final Tell tell;

  ChatRelay(Tell tell) {
    this.tell = tell;
  }

  @Override
  public void line(String tenant, Chat chat, ChatMessage line) {
    if (chat.status() == ChatStatus.CONNECTED && chat.agentId() != null) {
      tell.tell(tenant, chat.agentId(), ChatWire.line(line));
    }
  }

  @Override
  public void whisper(String tenant, Chat chat, ChatMessage line) {
    line(tenant, chat, line);
  }

  @Override
  public void ended(String tenant, Chat chat) {
    if (chat.agentId() != null) {
      tell.tell(tenant, chat.agentId(), new JsonObject().put("type", "chat.ended").put("chatId", chat.id())
          .put("by", chat.endedBy()));
    }
  }

  @Override
  public void joined(String tenant, Chat chat) {
    // the agent that joined knows: its chat.accept's reply
  }

  @Override
  public void typing(String tenant, Chat chat, String from) {
    if ("customer".equals(from) && chat.status() == ChatStatus.CONNECTED && chat.agentId() != null) {
      tell.tell(tenant, chat.agentId(), new JsonObject().put("type", "chat.typing").put("chatId", chat.id()));
    }
  }
}
