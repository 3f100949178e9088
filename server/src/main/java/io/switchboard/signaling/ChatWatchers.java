package io.switchboard.signaling;

import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatListener;
import io.switchboard.chat.ChatMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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
 * <p>When another agent takes a watched chat (after a transfer), each watch is checked again against the new agent
 * ({@link MayWatch}: a team leader only over the members of the teams it leads). Until its check answers, what the
 * watch would be sent is held back; allowed, the held messages go out in order (the new agent is told of the watch);
 * refused, they are dropped and the socket gets {@code chat.watch.lost} {chatId, code, message} instead: a team
 * leader never sees a line of a chat that left its teams. Tenant-wide watchers are not checked.
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
  /** The watches being checked again after a new agent took their chat, with what they were not sent yet. */
  private final Map<Held, List<String>> held = new ConcurrentHashMap<>();
  private final MayWatch mayWatch;
  private final Context context;

  /** Whether {@code watcher} may watch the chats of {@code agentId}: fails (a {@link SignalingError}) when not. */
  @FunctionalInterface
  public interface MayWatch {
    Future<Void> check(Session watcher, String agentId);
  }

  /** A watch on hold: socket and chat key. */
  private record Held(Session session, String key) {}

  /**
   * @param mayWatch the rule of {@code chat.watch}, applied again when a chat gets a new agent
   * @param context where {@code mayWatch} runs (it reads the directory)
   */
  ChatWatchers(ChatRelay.Tell tellAgent, boolean showWatch, MayWatch mayWatch, Context context) {
    this.tellAgent = tellAgent;
    this.showWatch = showWatch;
    this.mayWatch = mayWatch;
    this.context = context;
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
    String agent = agentOf.get(key(s.tenant(), chatId));
    if (!drop(s, chatId)) {
      return false;
    }
    tellWatched(s, chatId, agent, false);
    return true;
  }

  /** Ends the watch of {@code s} on {@code chatId} without telling anyone; false when there was none. */
  private boolean drop(Session s, String chatId) {
    String key = key(s.tenant(), chatId);
    Set<String> mine = bySession.get(s);
    boolean was = mine != null && mine.remove(chatId);
    if (was) {
      Set<Session> set = byChat.get(key);
      if (set != null) {
        set.remove(s);
        if (set.isEmpty()) {
          byChat.remove(key, set);
        }
      }
      if (!byChat.containsKey(key)) {
        agentOf.remove(key);
      }
    }
    // after the watch: a message told meanwhile was either held (and is dropped here) or finds no watch (tell)
    held.remove(new Held(s, key));
    return was;
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
    Set<Session> set = byChat.get(key);
    if (set == null) {
      return;
    }
    agentOf.put(key, chat.agentId());
    String joined = new JsonObject().put("type", "chat.watch.joined").put("chatId", chat.id())
        .put("agentId", chat.agentId()).encode();
    for (Session s : set) {
      if (s.principal().tenantWide()) {
        s.sendEncoded(joined);
        tellWatched(s, chat.id(), chat.agentId(), true);
      } else {
        recheck(s, key, chat, joined);
      }
    }
  }

  /** Holds back what {@code s} is sent of the chat until {@link #mayWatch} answers for its new agent. */
  private void recheck(Session s, String key, Chat chat, String joined) {
    Held h = new Held(s, key);
    List<String> pending = new ArrayList<>();
    pending.add(joined);
    held.put(h, pending);
    context.runOnContext(v -> mayWatch.check(s, chat.agentId()).onComplete(r -> {
      if (r.succeeded()) {
        release(h);
        if (watching(s, chat.id())) {
          tellWatched(s, chat.id(), chat.agentId(), true);
        }
      } else {
        lose(s, chat.id(), r.cause());
      }
    }));
  }

  private void release(Held h) {
    List<String> pending = held.get(h);
    if (pending != null) {
      synchronized (pending) {
        pending.forEach(h.session()::sendEncoded);
        held.remove(h, pending);
      }
    }
  }

  /** The watch of {@code s} was refused for the chat's new agent: dropped, and the socket told why. */
  private void lose(Session s, String chatId, Throwable why) {
    if (!drop(s, chatId)) {
      return; // unwatched, closed or ended meanwhile
    }
    String code = why instanceof SignalingError e ? e.code() : SignalingError.UNAVAILABLE;
    s.sendEncoded(new JsonObject().put("type", "chat.watch.lost").put("chatId", chatId).put("code", code)
        .put("message", "the chat moved to an agent you may not watch: " + why.getMessage()).encode());
  }

  @Override
  public void ended(String tenant, Chat chat) {
    String key = key(tenant, chat.id());
    held.keySet().removeIf(h -> h.key().equals(key)); // never checked: what they held is not theirs to see
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
    String key = key(tenant, chatId);
    Set<Session> set = byChat.get(key);
    if (set != null) {
      String text = m.encode();
      for (Session s : set) {
        if (!hold(new Held(s, key), text) && watching(s, chatId)) {
          s.sendEncoded(text);
        }
      }
    }
  }

  /** Keeps {@code text} for a watch on hold; false when the watch is not (or no longer) on hold. */
  private boolean hold(Held h, String text) {
    List<String> pending = held.get(h);
    if (pending == null) {
      return false;
    }
    synchronized (pending) {
      if (held.get(h) != pending) {
        return false; // released meanwhile: send it after what was released
      }
      pending.add(text);
      return true;
    }
  }

  private static String key(String tenant, String chatId) {
    return tenant + "/" + chatId;
  }
}
