package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.ChatAccess;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code chat.transfer}: the agent hands its chat to a chat queue or to an agent with room (docs/chat.md). An agent touches only its own chats. */
public final class ChatTransferHandler implements MessageHandler<Inbound.ChatTransfer> {
  private final ChatAccess chats;

  public ChatTransferHandler(ChatAccess chats) {
    this.chats = chats;
  }

  @Override
  public String type() {
    return "chat.transfer";
  }

  @Override
  public Class<Inbound.ChatTransfer> messageClass() {
    return Inbound.ChatTransfer.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.ChatTransfer m) {
    return chats.get().compose(c -> c.transfer(session.tenant(), session.agentId(), m.chatId(), m.queue(),
        m.agentId())).map(v -> null);
  }
}
