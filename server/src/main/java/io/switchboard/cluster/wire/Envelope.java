package io.switchboard.cluster.wire;

import static io.switchboard.cluster.wire.Wire.required;

/**
 * What travels on a node's channel {@code sb:node:<nodeId>}: a message for an agent's sockets on that node, or a
 * message about a call whose media that node holds. Wire forms (docs/protocol.md, "Delivery across nodes"):
 * {@code {"tenant","agentId","message"}} and {@code {"tenant","callId","message"}}.
 */
public sealed interface Envelope {

  String tenant();

  /** To every socket of {@code tenant}/{@code agentId} on the receiving node. */
  record ToAgent(String tenant, String agentId, AgentMessage message) implements Envelope {
    public ToAgent {
      required("tenant", tenant);
      required("agentId", agentId);
      if (message == null) {
        throw new IllegalArgumentException("message is required");
      }
    }
  }

  /** To the call layer of the receiving node, about its call {@code callId}. */
  record AboutCall(String tenant, String callId, CallMessage message) implements Envelope {
    public AboutCall {
      required("tenant", tenant);
      required("callId", callId);
      if (message == null) {
        throw new IllegalArgumentException("message is required");
      }
      if (!callId.equals(message.callId())) {
        throw new IllegalArgumentException("the message is about call " + message.callId() + ", not " + callId);
      }
    }
  }
}
