package io.switchboard.chat;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a chat's lines to this node's listeners once each and in seq order, whichever node stored them and in
 * whatever order they arrive (two nodes' lines of one chat race on the bus; two worker threads of one node race
 * too). Per chat it keeps the last seq handed on: an older or repeated line is dropped; a line after a gap (the
 * missing one is late, or was lost by pub/sub) makes it fetch the lines after the last one from the store, where
 * every line is before anyone hears of it, and hand them on in order. The first line heard of a chat is taken as
 * it comes (its earlier lines were handed on before this node heard of the chat, e.g. before it started).
 *
 * <p>Threading: any thread; lines are handed on under the chat's lock, so listeners see one chat's lines one at a
 * time. Memory: the most recent {@link #MAX_CHATS} chats (an ended chat is forgotten at once).
 */
final class LineOrder {
  private static final Logger LOG = LoggerFactory.getLogger(LineOrder.class);
  /** How many chats are remembered; the least recently heard one beyond is forgotten (as if never heard). */
  static final int MAX_CHATS = 100_000;

  /** Reads a chat's stored lines after a seq. */
  @FunctionalInterface
  interface Store {
    Future<List<ChatMessage>> after(String tenant, String chatId, int afterSeq);
  }

  /** Where lines go, in order. */
  @FunctionalInterface
  interface Sink {
    void line(String tenant, Chat chat, ChatMessage line);
  }

  /** One chat: guarded by itself. */
  private static final class Seen {
    int last;
    /** The highest seq heard while a fetch was running (to fetch again after it). */
    int wanted;
    boolean fetching;
  }

  private final Store store;
  private final Sink sink;
  private final Map<String, Seen> chats = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
      return size() > MAX_CHATS;
    }
  };

  LineOrder(Store store, Sink sink) {
    this.store = store;
    this.sink = sink;
  }

  void line(String tenant, Chat chat, ChatMessage line) {
    Seen seen = seen(tenant, chat.id(), line.seq());
    synchronized (seen) {
      if (line.seq() <= seen.last) {
        return;
      }
      if (!seen.fetching && line.seq() == seen.last + 1) {
        seen.last = line.seq();
        sink.line(tenant, chat, line);
        return;
      }
      seen.wanted = Math.max(seen.wanted, line.seq());
      if (seen.fetching) {
        return;
      }
      seen.fetching = true;
    }
    fetch(tenant, chat, seen);
  }

  /** The chat ended: nothing more to order. */
  void forget(String tenant, String chatId) {
    synchronized (chats) {
      chats.remove(key(tenant, chatId));
    }
  }

  /** Chats remembered now (tests, the benchmark). */
  int size() {
    synchronized (chats) {
      return chats.size();
    }
  }

  private Seen seen(String tenant, String chatId, int seq) {
    synchronized (chats) {
      return chats.computeIfAbsent(key(tenant, chatId), k -> {
        Seen s = new Seen();
        s.last = seq - 1;
        return s;
      });
    }
  }

  private void fetch(String tenant, Chat chat, Seen seen) {
    int after;
    synchronized (seen) {
      after = seen.last;
    }
    store.after(tenant, chat.id(), after).onComplete(ar -> {
      boolean again;
      synchronized (seen) {
        if (ar.succeeded()) {
          for (ChatMessage m : ar.result()) {
            if (m.seq() > seen.last) {
              seen.last = m.seq();
              sink.line(tenant, chat, m);
            }
          }
        } else {  // the lines up to the one heard stay untold here; the client's resume fetches them
          LOG.warn("chat.gap-unfilled tenant={} chat={} after={} error={}", tenant, chat.id(), after,
              ar.cause().toString());
          seen.last = Math.max(seen.last, seen.wanted);
        }
        again = seen.wanted > seen.last;
        seen.fetching = again;
      }
      if (again) {
        fetch(tenant, chat, seen);
      }
    });
  }

  private static String key(String tenant, String chatId) {
    return tenant + "/" + chatId;
  }
}
