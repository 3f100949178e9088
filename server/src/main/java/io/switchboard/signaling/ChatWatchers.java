package io.switchboard.signaling;

import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatListener;
import io.switchboard.chat.ChatMessage;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Supervisors watching chats live on this node (docs/chat.md, "Supervisors watching"): which sockets watch which
 * chat, and what they are sent while they do: {@code chat.watch.line} (every stored line, the agent's whispers from
 * supervisors too), {@code chat.watch.typing} {from}, {@code chat.watch.joined} {agentId} (an agent took the chat
 * after a transfer) and {@code chat.watch.ended} {by}, after which the chat's watches are dropped. A watch also ends
 * with {@code chat.unwatch} and with its socket ({@link #gone}), so none outlives its socket. The chat's agent is told
 * {@code chat.watched} {chatId, supervisorId, watching} only when the tenant shows a silent monitor
 * ({@code supervision.show-listen}, as for calls).
 *
 * <p>Only chats whose events reach this node's chat service are seen (a registered {@link ChatListener}).
 * Threading: any thread (concurrent sets; socket writes are thread-safe).
 */
public final class ChatWatchers implements ChatListener {
  private final ChatRelay.Tell tellAgent;
  private final boolean showWatch;
  /** The watching sockets of each chat, by tenant + "/" + chat id. */
  private final Map<String, Set<Session>> byChat = new ConcurrentHashMap<>();
  /** The agent of each watched chat as last known (told when a watch ends without the chat ending). */
  private final Map<String, String> agentOf = new ConcurrentHashMap<>();
  /** The chat ids each socket watches (its tenant's). */
  private final Map<Session, Set<String>> bySession = new ConcurrentHashMap<>();

  ChatWatchers(ChatRelay.Tell tellAgent, boolean showWatch) {
    this.tellAgent = tellAgent;
    this.showWatch = showWatch;
  }

  /** {@code s} watches {@code chat} (connected) from now on; false when it already did. */
  public boolean watch(Session s, Chat chat) {
    String key = key(s.tenant(), chat.id());
    agentOf.put(key, chat.agentId());
    bySession.computeIfAbsent(s, k -> ConcurrentHashMap.newKeySet()).add(chat.id());
    boolean added = byChat.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(s);
    if (added) {
      tellWatched(s, chat.id(), chat.agentId(), true);
    }
    return added;
  }

  /** {@code s} stops watching {@code chatId}; false when it did not watch it. */
  public boolean unwatch(Session s, String chatId) {
    Set<String> mine = bySession.get(s);
    if (mine == null || !mine.remove(chatId)) {
      return false;
    }
    String key = key(s.tenant(), chatId);
    Set<Session> set = byChat.get(key);
    if (set != null) {
      set.remove(s);
      if (set.isEmpty()) {
        byChat.remove(key, set);
      }
    }
    tellWatched(s, chatId, agentOf.get(key), false);
    if (!byChat.containsKey(key)) {
      agentOf.remove(key);
    }
    return true;
  }

  public boolean watching(Session s, String chatId) {
    Set<String> mine = bySession.get(s);
    return mine != null && mine.contains(chatId);
  }

  /** The socket closed: every watch of it ends. */
  void gone(Session s) {
    Set<String> mine = bySession.get(s);
    if (mine != null) {
      Set.copyOf(mine).forEach(chatId -> unwatch(s, chatId));
      bySession.remove(s);
    }
  }

  /** How many sockets watch chats on this node (tests: no watch outlives its socket or its chat). */
  int size() {
    return bySession.values().stream().mapToInt(Set::size).sum();
  }

  @Override
  public void line(String tenant, Chat chat, ChatMessage line) {
    tell(tenant, chat.id(), ChatWire.watchLine(line));
  }

  @Override
  public void whisper(String tenant, Chat chat, ChatMessage line) {
    tell(tenant, chat.id(), ChatWire.watchLine(line));
  }

  @Override
  public void typing(String tenant, Chat chat, String from) {
    tell(tenant, chat.id(), new JsonObject().put("type", "chat.watch.typing").put("chatId", chat.id())
        .put("from", from));
  }

  @Override
  public void joined(String tenant, Chat chat) {
    String key = key(tenant, chat.id());
    if (byChat.containsKey(key)) {
      agentOf.put(key, chat.agentId());
      tell(tenant, chat.id(), new JsonObject().put("type", "chat.watch.joined").put("chatId", chat.id())
          .put("agentId", chat.agentId()));
    }
  }

  @Override
  public void ended(String tenant, Chat chat) {
    String key = key(tenant, chat.id());
    tell(tenant, chat.id(), new JsonObject().put("type", "chat.watch.ended").put("chatId", chat.id())
        .put("by", chat.endedBy()));
    Set<Session> set = byChat.remove(key);
    agentOf.remove(key);
    if (set != null) {
      set.forEach(s -> {
        Set<String> mine = bySession.get(s);
        if (mine != null) {
          mine.remove(chat.id());
        }
      });
    }
  }

  private void tellWatched(Session s, String chatId, String agentId, boolean on) {
    if (showWatch && agentId != null) {
      tellAgent.tell(s.tenant(), agentId, new JsonObject().put("type", "chat.watched").put("chatId", chatId)
          .put("supervisorId", s.agentId()).put("watching", on));
    }
  }

  private void tell(String tenant, String chatId, JsonObject m) {
    Set<Session> set = byChat.get(key(tenant, chatId));
    if (set != null) {
      String text = m.encode();
      set.forEach(s -> s.sendEncoded(text));
    }
  }

  private static String key(String tenant, String chatId) {
    return tenant + "/" + chatId;
  }
}
