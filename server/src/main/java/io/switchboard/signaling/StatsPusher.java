package io.switchboard.signaling;

import io.switchboard.acd.Acd;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Oversight;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live wallboard numbers for supervisors: every interval, for each tenant with at least one subscribed
 * socket, one {@link Acd#stats} call and one {@code stats} message to each subscriber of that tenant —
 * subscribers are grouped by tenant, so a tenant's numbers never reach another tenant's socket. A subscriber who
 * does not see the whole tenant (a team leader) gets them narrowed to its {@link Oversight.Reach}
 * ({@link StatsScope}), read again from the directory every {@value #REACH_REFRESH_MS} ms.
 *
 * <p>Threading: the timer and the ACD calls run on the server's context; subscribe/unsubscribe come from
 * socket event loops (concurrent sets). A tenant whose previous stats call has not returned is skipped.
 */
public final class StatsPusher {
  private static final Logger log = LoggerFactory.getLogger(StatsPusher.class);

  /** How old a team leader's reach may get before it is read again (ms). */
  static final long REACH_REFRESH_MS = 30_000;

  private final Context context;
  private final Acd acd;
  private final ConcurrentHashMap<String, Set<Session>> byTenant = new ConcurrentHashMap<>();
  /** The subscribers who see part of their tenant, with what they see and when that was read. */
  private final ConcurrentHashMap<Session, Narrowed> narrowed = new ConcurrentHashMap<>();
  /** Reads a team leader's reach; null until the node sets it (team leaders then cannot subscribe). */
  private volatile Oversight oversight;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final long timerId;
  private final Vertx vertx;

  StatsPusher(Vertx vertx, Context context, Acd acd, long intervalMs) {
    this.vertx = vertx;
    this.context = context;
    this.acd = acd;
    this.timerId = vertx.setPeriodic(intervalMs, t -> context.runOnContext(v -> tick()));
  }

  private record Narrowed(Oversight.Reach reach, long readAtMs) {}

  void oversight(Oversight o) {
    this.oversight = o;
  }

  /**
   * Adds the socket (once its reach is read, for one who sees part of the tenant) and pushes the tenant's numbers at
   * once (not only at the next tick). Fails {@code unavailable} when a reach is needed and cannot be read.
   */
  public Future<Void> subscribe(Session s) {
    if (s.principal().tenantWide()) {
      narrowed.remove(s);
      add(s);
      return Future.succeededFuture();
    }
    Oversight o = oversight;
    if (o == null) {
      return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null,
          "team scopes are not available on this node yet; retry later"));
    }
    return o.of(s.principal()).map(reach -> {
      if (!s.isClosed()) { // a socket that closed meanwhile was unsubscribed already
        narrowed.put(s, new Narrowed(reach, System.currentTimeMillis()));
        add(s);
      }
      return (Void) null;
    });
  }

  private void add(Session s) {
    byTenant.computeIfAbsent(s.tenant(), t -> ConcurrentHashMap.newKeySet()).add(s);
    context.runOnContext(v -> push(s.tenant()));
  }

  public void unsubscribe(Session s) {
    narrowed.remove(s);
    byTenant.computeIfPresent(s.tenant(), (t, set) -> {
      set.remove(s);
      return set.isEmpty() ? null : set;
    });
  }

  void stop() {
    vertx.cancelTimer(timerId);
    byTenant.clear();
    narrowed.clear();
  }

  private void tick() {
    refreshReaches();
    for (String tenant : byTenant.keySet()) {
      push(tenant);
    }
  }

  /** Reads again the reaches older than {@link #REACH_REFRESH_MS}; a failed read keeps the last one. */
  private void refreshReaches() {
    Oversight o = oversight;
    long now = System.currentTimeMillis();
    narrowed.forEach((s, n) -> {
      if (o != null && now - n.readAtMs() >= REACH_REFRESH_MS) {
        narrowed.replace(s, n, new Narrowed(n.reach(), now)); // one read at a time
        o.of(s.principal()).onSuccess(r -> narrowed.computeIfPresent(s, (k, v) -> new Narrowed(r, v.readAtMs())));
      }
    });
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
      Map<Oversight.Reach, String> texts = new HashMap<>();
      for (Session s : subscribers) {
        if (!s.congested()) {
          Narrowed n = narrowed.get(s);
          if (n == null && !s.principal().tenantWide()) {
            continue; // never the whole tenant to one who may see only part of it
          }
          s.sendEncoded(n == null ? text : texts.computeIfAbsent(n.reach(),
              r -> message(StatsScope.narrow(ar.result(), r)).encode()));
        }
      }
    });
  }

  /**
   * The {@code stats} message: {@link Outbound#stats} plus {@code agentList}
   * {@code [{agentId, name?, state, since, reason?, callId?, region?}]} and {@code callList}
   * {@code [{callId, queue, state, region?, enqueuedAt, agentId?, monitors?: [{supervisorId, mode}]}]} (absent
   * values are left out; {@code monitors} only when a supervisor is on the call).
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
      if (!c.monitors().isEmpty()) {
        JsonArray monitors = new JsonArray();
        c.monitors().forEach(m -> monitors.add(new JsonObject().put("supervisorId", m.supervisorId())
            .put("mode", m.mode())));
        o.put("monitors", monitors);
      }
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
