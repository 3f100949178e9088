package io.switchboard.cluster;

/**
 * Global (tenant-less) keys of the node registry. They live next to {@link io.switchboard.redis.Keys#NODES}
 * and outside every tenant slot; each is written by one node (its own) or by the one survivor that
 * claimed a dead node's cleanup.
 *
 * <pre>
 * sb:nodes                  sorted set: node id, score = last heartbeat (epoch ms)   (Keys.NODES)
 * sb:node:&lt;id&gt;:info         hash: region, started (epoch ms)
 * sb:node:&lt;id&gt;:agents       set: "tenant/agentId" of every agent with at least one socket on that node
 * sb:node:&lt;id&gt;:cleanup      string (SET NX PX): the survivor cleaning up after that dead node
 * sb:node:&lt;id&gt;              pub/sub channel (Keys.nodeChannel), not a key
 * sb:chat:events            pub/sub channel of every node: chat events (ChatBus), not a key
 * </pre>
 */
final class ClusterKeys {
  private ClusterKeys() {}

  /** The channel every node publishes its chats' events on and subscribes to. */
  static final String CHAT_CHANNEL = "sb:chat:events";

  static String info(String nodeId) {
    return "sb:node:" + nodeId + ":info";
  }

  static String agents(String nodeId) {
    return "sb:node:" + nodeId + ":agents";
  }

  static String cleanupLock(String nodeId) {
    return "sb:node:" + nodeId + ":cleanup";
  }

  /** Tenant ids never contain '/', so the first '/' separates tenant and agent id. */
  static String member(String tenant, String agentId) {
    return tenant + "/" + agentId;
  }

  static AgentRef parseMember(String member) {
    int slash = member.indexOf('/');
    if (slash <= 0 || slash == member.length() - 1) {
      return null;
    }
    return new AgentRef(member.substring(0, slash), member.substring(slash + 1));
  }
}
