package io.switchboard.cluster;

import io.switchboard.cluster.wire.AgentMessage;
import io.vertx.core.Future;

/**
 * Sends a message to an agent's sockets on the node that holds them, whichever node that is; what the call layer
 * needs of the bus (implemented by {@link NodeBus}). Completes with the number of nodes that received it (0: that
 * node is not subscribed, e.g. dead); delivery is at most once.
 */
@FunctionalInterface
public interface AgentMessenger {
  Future<Long> send(String targetNode, String tenant, String agentId, AgentMessage message);
}
