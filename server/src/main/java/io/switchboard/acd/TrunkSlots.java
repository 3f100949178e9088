package io.switchboard.acd;

import io.vertx.core.Future;
import java.util.Map;

/**
 * How many calls each trunk carries, counted across the cluster, so that a trunk's {@code maxConcurrentCalls} holds
 * whichever node the calls land on. A call holds one slot of its trunk from the moment it is admitted (inbound:
 * before the answer; outbound: before the INVITE) until it ends, whichever way it ends. Slots live in Redis next to
 * the ACD's calls ({@code acd-trunk-*.lua}); each change is one script, so two nodes can never both take the last
 * slot. A slot belongs to the node that took it: when that node dies, the survivor that finishes its calls gives its
 * slots back ({@code acd-node-lost.lua}), and a node that restarts or rejoins states what it holds ({@link #sync}).
 *
 * <p>Threading: thread-safe and non-blocking, like {@link Acd}.
 */
public interface TrunkSlots {
  /**
   * Takes a slot of {@code trunkId} for {@code callId} on this node: true if taken (or already held), false when
   * the trunk already carries {@code limit} calls.
   */
  Future<Boolean> acquire(String tenant, String trunkId, String callId, int limit);

  /** Gives back the slot {@code callId} holds on {@code trunkId}; holding none is no error. */
  Future<Void> release(String tenant, String trunkId, String callId);

  /**
   * This node holds exactly {@code held} (callId → trunkId) in {@code tenant}: slots it holds that Redis lacks are
   * taken again, slots Redis records for this node that it does not hold are given back (unless taken within the
   * last {@code graceMs}, so that an acquire racing the sync is not undone).
   */
  Future<Void> sync(String tenant, Map<String, String> held, long graceMs);
}
