package io.switchboard.cluster;

import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.vertx.core.Future;
import org.slf4j.LoggerFactory;

/**
 * Sends a message to an agent's sockets on the node that holds them, whichever node that is; what the call layer
 * needs of the bus (implemented by {@link NodeBus}). Completes with the number of nodes that received it (0: that
 * node is not subscribed, e.g. dead); delivery is at most once.
 */
@FunctionalInterface
public interface AgentMessenger {
  Future<Long> send(String targetNode, String tenant, String agentId, AgentMessage message);

  /**
   * Sends and forgets: for the call layer's notices, whose loss the agent's next state or the call's end repairs.
   * Nothing is sent when the agent's node is unknown ({@code null}); a failure is logged as
   * {@code call.agent-message-failed}.
   */
  default void tell(String targetNode, String tenant, String agentId, AgentMessage message) {
    if (targetNode == null) {
      return;
    }
    send(targetNode, tenant, agentId, message).onFailure(e -> LoggerFactory.getLogger(AgentMessenger.class)
        .warn("call.agent-message-failed agent={} type={} why={}", agentId, BusCodec.type(message), e.toString()));
  }
}
