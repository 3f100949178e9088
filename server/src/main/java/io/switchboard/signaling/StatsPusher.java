package io.switchboard.signaling;

import io.switchboard.acd.Acd;
import io.switchboard.acd.TenantStats;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live wallboard numbers for supervisors: every interval, for each tenant with at least one subscribed
 * socket, one {@link Acd#stats} call and one {@code stats} message to each subscriber of that tenant —
 * subscribers are grouped by tenant, so a tenant's numbers never reach another tenant's socket.
 *
 * <p>Threading: the timer and the ACD calls run on the server's context; subscribe/unsubscribe come from
 * socket event loops (concurrent sets). A tenant whose previous stats call has not returned is skipped.
 */
public final class StatsPusher {
  private static final Logger log = LoggerFactory.getLogger(StatsPusher.class);

  private final Context context;
  private final Acd acd;
  private final ConcurrentHashMap<String, Set<Session>> byTenant = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final long timerId;
  private final Vertx vertx;

  StatsPusher(Vertx vertx, Context context, Acd acd, long intervalMs) {
    this.vertx = vertx;
    this.context = context;
    this.acd = acd;
    this.timerId = vertx.setPeriodic(intervalMs, t -> context.runOnContext(v -> tick()));
  }

  /** Adds the socket and pushes the tenant's numbers at once (not only at the next tick). */
  public void subscribe(Session s) {
    byTenant.computeIfAbsent(s.tenant(), t -> ConcurrentHashMap.newKeySet()).add(s);
    context.runOnContext(v -> push(s.tenant()));
  }

  public void unsubscribe(Session s) {
    byTenant.computeIfPresent(s.tenant(), (t, set) -> {
      set.remove(s);
      return set.isEmpty() ? null : set;
    });
  }

  void stop() {
    vertx.cancelTimer(timerId);
    byTenant.clear();
  }

  private void tick() {
    for (String tenant : byTenant.keySet()) {
      push(tenant);
    }
  }

  private void push(String tenant) {
    if (!inFlight.add(tenant)) {
      return;
    }
    acd.stats(tenant).onComplete(ar -> {
      inFlight.remove(tenant);
      Set<Session> subscribers = byTenant.get(tenant);
      if (subscribers == null || subscribers.isEmpty()) {
        return;
      }
      if (ar.failed()) {
        log.warn("stats.failed tenant={} error={}", tenant, ar.cause().toString());
        return;
      }
      String text = message(ar.result()).encode();
      for (Session s : subscribers) {
        if (!s.congested()) {
          s.sendEncoded(text);
        }
      }
    });
  }

  /**
   * The {@code stats} message: {@link Outbound#stats} plus {@code agentList}
   * {@code [{agentId, name?, state, since, reason?, callId?, region?}]} and {@code callList}
   * {@code [{callId, queue, state, region?, enqueuedAt, agentId?}]} (absent values are left out).
   */
  static JsonObject message(TenantStats s) {
    JsonArray agents = new JsonArray();
    for (TenantStats.AgentEntry a : s.agentList()) {
      JsonObject o = new JsonObject().put("agentId", a.agentId());
      putIfSet(o, "name", a.name());
      o.put("state", a.state().wire()).put("since", a.sinceEpochMs());
      putIfSet(o, "reason", a.reason());
      putIfSet(o, "callId", a.callId());
      putIfSet(o, "region", a.region());
      agents.add(o);
    }
    JsonArray calls = new JsonArray();
    for (TenantStats.CallEntry c : s.callList()) {
      JsonObject o = new JsonObject().put("callId", c.callId()).put("queue", c.queue()).put("state", c.state());
      putIfSet(o, "region", c.region());
      o.put("enqueuedAt", c.enqueuedEpochMs());
      putIfSet(o, "agentId", c.agentId());
      calls.add(o);
    }
    return Outbound.stats(s).put("agentList", agents).put("callList", calls);
  }

  private static void putIfSet(JsonObject o, String key, String value) {
    if (value != null) {
      o.put(key, value);
    }
  }
}
