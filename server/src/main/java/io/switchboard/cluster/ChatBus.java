package io.switchboard.cluster;

import io.switchboard.cluster.wire.ChatEvent;
import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Chat events between nodes (docs/chat.md, "Across nodes"): every node publishes what happens in the chats it
 * serves and hears what the others publish, on one channel. At most once, like all Redis pub/sub: an event
 * published while a node's subscription is down is lost to that node, and nothing is replayed to a node that
 * (re)starts; the receivers fetch a gap in a chat's lines from the store.
 */
public interface ChatBus {
  /** This node's id: the {@code node} of the events it publishes. */
  String nodeId();

  /** Tells every other node; completes with the number of nodes subscribed (this one included). Any thread. */
  Future<Long> publish(ChatEvent event);

  /**
   * Sets the one receiver of the events other nodes publish (this node's own are not handed back); it runs on the
   * bus's context. Events arriving while none is set are dropped.
   */
  void listenChats(Consumer<ChatEvent> receiver);
}
