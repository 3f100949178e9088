package io.switchboard.cluster;

import io.vertx.core.Future;

/**
 * Which agents have a socket on this node, kept in Redis so that survivors know whom to disconnect in the
 * ACD when this node dies. Called by signaling when an agent's first socket opens and its last one closes.
 * Thread-safe; futures complete on the implementation's context.
 */
public interface AgentPresence {
  Future<Void> connected(String tenant, String agentId);

  Future<Void> disconnected(String tenant, String agentId);
}
