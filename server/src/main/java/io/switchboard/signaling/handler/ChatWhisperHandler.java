package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.directory.Oversight;
import io.switchboard.signaling.ChatAccess;
import io.switchboard.signaling.ChatWatchers;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code chat.whisper}: a private line from a supervisor to the agent of a chat this socket watches
 * ({@code not-watching} otherwise); the agent may have changed by a transfer, so a team leader is checked again
 * against the chat's agent now. The agent gets it as {@code chat.message} from {@code supervisor} with
 * {@code private}; the customer never gets it (docs/chat.md). Same limits as any line ({@code too-long},
 * {@code invalid}, field {@code text}); replied {@code chat.whispered} {chatId, seq}.
 */
public final class ChatWhisperHandler implements MessageHandler<Inbound.ChatWhisper> {
  private final ChatAccess chats;
  private final ChatWatchers watchers;
  private final Supplier<Oversight> oversight;

  public ChatWhisperHandler(ChatAccess chats, ChatWatchers watchers, Supplier<Oversight> oversight) {
    this.chats = chats;
    this.watchers = watchers;
    this.oversight = oversight;
  }

  @Override
  public String type() {
    return "chat.whisper";
  }

  @Override
  public Class<Inbound.ChatWhisper> messageClass() {
    return Inbound.ChatWhisper.class;
  }

  @Override
  public Role requiredRole() {
    return null; // allowedRoles
  }

  @Override
  public Set<Role> allowedRoles() {
    return MonitorStartHandler.MONITORS;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.ChatWhisper m) {
    if (!watchers.watching(session, m.chatId())) {
      return Future.failedFuture(notWatching(m.chatId()));
    }
    String tenant = session.tenant();
    return chats.get().compose(svc -> svc.get(tenant, m.chatId())
        .compose(chat -> Supervision.reachable(session, oversight, chat.agentId(), "chatId"))
        .compose(x -> svc.whisper(tenant, session.agentId(), m.chatId(), m.text())))
        .map(line -> new JsonObject().put("type", "chat.whispered").put("chatId", m.chatId())
            .put("seq", line.seq()));
  }

  static SignalingError notWatching(String chatId) {
    return new SignalingError(SignalingError.NOT_WATCHING, "chatId", "you are not watching chat '" + chatId
        + "'; send chat.watch first");
  }
}
