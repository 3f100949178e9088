package io.switchboard.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.acd.TrunkSlots;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds trunks to their {@code maxConcurrentCalls} for this node's calls, inbound and outbound: a call is admitted
 * only if it gets one of its trunk's slots, counted across the cluster ({@link TrunkSlots}); beyond the limit it is
 * refused (inbound: 503 with Retry-After) and counted in {@code switchboard.sip.trunk.rejected{trunk, direction,
 * reason}}. Remembers which slot each of this node's calls holds, so that the call's end gives it back whichever
 * way it ends, and so that {@link #sync()} can tell Redis what this node holds (at start-up, after the node was
 * taken for dead or Redis failed over, and every {@link #SYNC_INTERVAL_MS} to repair a release lost to a Redis error).
 *
 * <p>Threading: any thread (the map is concurrent); futures complete on the Redis client's context, callers hop.
 */
public final class TrunkLimits {
  private static final Logger LOG = LoggerFactory.getLogger(TrunkLimits.class);
  /** How often {@link #sync()} runs on a live node: a slot whose release was lost comes back within this time. */
  public static final long SYNC_INTERVAL_MS = 60_000;
  /** A slot younger than this is not given back by a sync: its acquire may have raced the list of held calls. */
  static final long SYNC_GRACE_MS = 10_000;

  private record Slot(String tenant, String trunkId) {}

  private final TrunkSlots slots;
  private final MeterRegistry meters;
  private final int retryAfterSeconds;
  private final Map<String, Slot> held = new ConcurrentHashMap<>();
  private final Set<String> tenants = ConcurrentHashMap.newKeySet();

  /**
   * @param retryAfterSeconds Retry-After of the 503 an inbound call over the limit gets
   *     ({@code sip.trunk-limit.retry-after-seconds})
   */
  public TrunkLimits(TrunkSlots slots, MeterRegistry meters, int retryAfterSeconds) {
    this.slots = slots;
    this.meters = meters;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Admits call {@code callId} (an id unique in the tenant) on {@code trunk} (its directory document): succeeds when
   * the call took a slot or the document has no limit; fails with {@link Refused} 503 when the trunk carries its
   * {@code maxConcurrentCalls} already, or with the Redis error (the call is not admitted, no slot is kept). Once
   * admitted, the caller must {@link #release} the call when it ends.
   */
  Future<Void> admit(String tenant, String trunkId, Integer maxConcurrentCalls, String callId, String direction) {
    // TrunkSchema always writes the limit (1..100000); a document without one predates it: no limit to hold
    if (trunkId == null || maxConcurrentCalls == null || maxConcurrentCalls < 1) {
      return Future.succeededFuture();
    }
    Slot slot = new Slot(tenant, trunkId);
    tenants.add(tenant);
    held.put(callId, slot); // before the script: a sync listing held calls meanwhile must not give the slot back
    return slots.acquire(tenant, trunkId, callId, maxConcurrentCalls).transform(ar -> {
      if (ar.succeeded() && ar.result()) {
        if (!held.containsKey(callId)) { // the call ended while the slot was being taken
          giveBack(callId, slot);
        }
        return Future.succeededFuture();
      }
      held.remove(callId, slot);
      if (ar.failed()) {
        giveBack(callId, slot); // the script may have run before the error reached us
        return Future.failedFuture(ar.cause());
      }
      LOG.info("call.trunk-full trunk={} direction={} call={} maxConcurrentCalls={}", trunkId, direction, callId,
          maxConcurrentCalls);
      Counter.builder("switchboard.sip.trunk.rejected")
          .description("calls refused because their trunk carried its maxConcurrentCalls (across the cluster)")
          .tag("trunk", trunkId).tag("direction", direction).tag("reason", "max-concurrent-calls")
          .register(meters).increment();
      return Future.failedFuture(new Refused(503, "Service Unavailable: trunk at its call limit", retryAfterSeconds));
    });
  }

  /** The call ended: its slot (if it holds one) is given back. Idempotent. */
  void release(String callId) {
    Slot slot = held.remove(callId);
    if (slot != null) {
      giveBack(callId, slot);
    }
  }

  private void giveBack(String callId, Slot slot) {
    slots.release(slot.tenant(), slot.trunkId(), callId)
        .onFailure(e -> LOG.warn("call.trunk-release-failed call={} trunk={} why={} (the next sync repairs it)",
            callId, slot.trunkId(), e.toString()));
  }

  /** Tenants whose slots {@link #sync()} states even while this node holds none of their calls. */
  public void track(Collection<String> tenantIds) {
    tenants.addAll(tenantIds);
  }

  /** How many calls of this node hold a trunk slot now (for leak checks). */
  public int heldSlots() {
    return held.size();
  }

  /** Tells Redis exactly which slots this node holds, per tracked tenant; fails if any tenant failed. */
  public Future<Void> sync() {
    Map<String, Map<String, String>> byTenant = new HashMap<>();
    for (String t : tenants) {
      byTenant.put(t, new HashMap<>());
    }
    held.forEach((call, slot) ->
        byTenant.computeIfAbsent(slot.tenant(), t -> new HashMap<>()).put(call, slot.trunkId()));
    List<Future<Void>> done = new ArrayList<>();
    byTenant.forEach((tenant, calls) -> done.add(slots.sync(tenant, calls, SYNC_GRACE_MS)));
    return Future.all(done).mapEmpty();
  }
}
