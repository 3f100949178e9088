package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.ChatWatchers;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code chat.unwatch}: this socket stops watching a chat (nothing more of it is pushed); replied
 * {@code chat.unwatched}. A chat this socket does not watch is {@code not-watching}.
 */
public final class ChatUnwatchHandler implements MessageHandler<Inbound.ChatUnwatch> {
  private final ChatWatchers watchers;

  public ChatUnwatchHandler(ChatWatchers watchers) {
    this.watchers = watchers;
  }

  @Override
  public String type() {
    return "chat.unwatch";
  }

  @Override
  public Class<Inbound.ChatUnwatch> messageClass() {
    return Inbound.ChatUnwatch.class;
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
  public Future<JsonObject> handle(Session session, Inbound.ChatUnwatch m) {
    if (!watchers.unwatch(session, m.chatId())) {
      return Future.failedFuture(ChatWhisperHandler.notWatching(m.chatId()));
    }
    return Future.succeededFuture(new JsonObject().put("type", "chat.unwatched").put("chatId", m.chatId()));
  }
}
