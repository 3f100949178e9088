package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatService;
import io.switchboard.chat.ChatStatus;
import io.switchboard.directory.Oversight;
import io.switchboard.signaling.ChatAccess;
import io.switchboard.signaling.ChatWatchers;
import io.switchboard.signaling.ChatWire;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code chat.watch}: a supervisor, manager or admin watches a connected chat of its tenant live; a team leader only
 * the chats of the members of the teams it leads (the rule of call monitoring: {@link Supervision#reachable}; another
 * agent's chat is {@code forbidden}, field {@code chatId}); an agent is {@code forbidden}. Another tenant's chat is
 * {@code not-found}, as a missing one; a chat no agent works on is {@code not-connected}, an ended one {@code ended}.
 * The reply {@code chat.watching} has the conversation so far (whispers included); from then on the socket gets the
 * chat's lines, typing and end ({@link ChatWatchers}). A line stored while the watch starts may come both in the reply
 * and pushed: its seq tells.
 */
public final class ChatWatchHandler implements MessageHandler<Inbound.ChatWatch> {
  private final ChatAccess chats;
  private final ChatWatchers watchers;
  private final Supplier<Oversight> oversight;

  public ChatWatchHandler(ChatAccess chats, ChatWatchers watchers, Supplier<Oversight> oversight) {
    this.chats = chats;
    this.watchers = watchers;
    this.oversight = oversight;
  }

  @Override
  public String type() {
    return "chat.watch";
  }

  @Override
  public Class<Inbound.ChatWatch> messageClass() {
    return Inbound.ChatWatch.class;
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
  public Future<JsonObject> handle(Session session, Inbound.ChatWatch m) {
    String tenant = session.tenant();
    return chats.get().compose(svc -> svc.get(tenant, m.chatId())
        .compose(chat -> chat.status() == ChatStatus.CONNECTED ? Future.succeededFuture(chat)
            : Future.failedFuture(ChatService.notConnected(chat)))
        .compose(chat -> mayWatch(session, oversight, chat.agentId()).map(chat))
        .compose(chat -> {
          watchers.watch(session, chat);
          // the chat may have ended between the read and the watch: then no end will come, so drop it here
          return svc.get(tenant, chat.id()).compose(now -> {
            if (now.status() == ChatStatus.ENDED) {
              watchers.unwatch(session, chat.id());
              return Future.failedFuture(ChatService.notConnected(now));
            }
            return svc.lines(tenant, chat.id(), 0).map(lines -> reply(now).put("lines", ChatWire.lines(lines)));
          });
        }));
  }

  /**
   * The rule of a watch, for {@link ChatWatchers} to apply again when a watched chat gets a new agent: fails
   * ({@code forbidden}, field {@code chatId}) when {@code watcher} may not supervise {@code agentId}. Call from a
   * Vert.x context.
   */
  public static Future<Void> mayWatch(Session watcher, Supplier<Oversight> oversight, String agentId) {
    return Supervision.reachable(watcher, oversight, agentId, "chatId");
  }

  private static JsonObject reply(Chat c) {
    return new JsonObject().put("type", "chat.watching").put("chatId", c.id()).put("agentId", c.agentId())
        .put("queue", c.queue()).put("customerName", c.customerName())
        .put("startedAt", c.startedAt().toEpochMilli());
  }
}
