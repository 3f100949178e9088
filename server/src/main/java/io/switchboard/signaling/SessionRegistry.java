package io.switchboard.signaling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open sessions keyed by tenant and agent id (an agent may have several sockets, e.g. two browser tabs).
 * Thread-safe: sockets live on different event loops and the node bus delivers from its own context.
 * Lists are immutable and replaced atomically, so delivery iterates without locking.
 */
final class SessionRegistry {
  private final ConcurrentHashMap<String, List<Session>> byAgent = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  private static String key(String tenant, String agentId) {
    return tenant + '/' + agentId;
  }

  /** Adds {@code s}; true when it is the agent's first open socket on this node. */
  boolean add(Session s) {
    boolean[] first = {false};
    byAgent.compute(key(s.tenant(), s.agentId()), (k, list) -> {
      List<Session> next = new ArrayList<>(list == null ? List.of() : list);
      first[0] = next.isEmpty();
      next.add(s);
      return List.copyOf(next);
    });
    count.incrementAndGet();
    return first[0];
  }

  /** Removes {@code s}; true when it was the agent's last open socket on this node. */
  boolean remove(Session s) {
    boolean[] removed = {false};
    boolean[] last = {false};
    byAgent.computeIfPresent(key(s.tenant(), s.agentId()), (k, list) -> {
      List<Session> next = new ArrayList<>(list);
      removed[0] = next.remove(s);
      last[0] = removed[0] && next.isEmpty();
      return next.isEmpty() ? null : List.copyOf(next);
    });
    if (removed[0]) {
      count.decrementAndGet();
    }
    return last[0];
  }

  List<Session> of(String tenant, String agentId) {
    List<Session> list = byAgent.get(key(tenant, agentId));
    return list == null ? List.of() : list;
  }

  List<Session> all() {
    List<Session> out = new ArrayList<>(count.get());
    byAgent.values().forEach(out::addAll);
    return out;
  }

  int size() {
    return count.get();
  }
}
