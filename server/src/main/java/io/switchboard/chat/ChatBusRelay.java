package io.switchboard.chat;

import io.switchboard.cluster.ChatBus;
import io.switchboard.cluster.wire.ChatEvent;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chats across nodes (docs/chat.md, "Across nodes"): publishes every event of this node's {@link ChatService} on the
 * {@link ChatBus}, and hands the events other nodes publish to this node's listeners ({@link ChatService#local()}),
 * which apply the usual rules (only the chat's tenant, its agent, the customer bound to it). A chat event is the
 * chat's id, status and agent, never the customer's data.
 *
 * <p>Threading: publishing on any thread (fire and forget: a failure is logged, the store keeps the line); receiving
 * on the bus's context.
 */
public final class ChatBusRelay implements ChatListener {
  private static final Logger LOG = LoggerFactory.getLogger(ChatBusRelay.class);

  private final ChatBus bus;
  private final String node;

  private ChatBusRelay(ChatBus bus) {
    this.bus = bus;
    this.node = bus.nodeId();
  }

  /** Joins {@code service} to the other nodes' services on {@code bus}, both ways. */
  public static void join(ChatService service, ChatBus bus) {
    service.cluster(new ChatBusRelay(bus));
    ChatListener local = service.local();
    bus.listenChats(e -> deliver(local, e));
  }

  @Override
  public void line(String tenant, Chat chat, ChatMessage line) {
    publish(new ChatEvent.ChatLine(node, tenant, chat.id(), chat.status().wire(), chat.agentId(), line.seq(),
        line.from(), line.agentId(), line.text(), line.at().toEpochMilli()));
  }

  /** A whisper travels as a line from {@code supervisor}; the receiving node hands it to whisper() only. */
  @Override
  public void whisper(String tenant, Chat chat, ChatMessage line) {
    line(tenant, chat, line);
  }

  @Override
  public void ended(String tenant, Chat chat) {
    publish(new ChatEvent.ChatEnded(node, tenant, chat.id(), chat.agentId(), chat.endedBy()));
  }

  @Override
  public void joined(String tenant, Chat chat) {
    publish(new ChatEvent.ChatJoined(node, tenant, chat.id(), chat.agentId()));
  }

  @Override
  public void typing(String tenant, Chat chat, String from) {
    publish(new ChatEvent.ChatTyping(node, tenant, chat.id(), chat.status().wire(), chat.agentId(), from));
  }

  private void publish(ChatEvent e) {
    bus.publish(e).onFailure(x -> LOG.warn("chat.publish-failed tenant={} chat={} type={} error={}", e.tenant(),
        e.chatId(), io.switchboard.cluster.wire.BusCodec.type(e), x.toString()));
  }

  /** Hands one event of another node to this node's listeners. */
  static void deliver(ChatListener local, ChatEvent e) {
    if (e instanceof ChatEvent.ChatLine l) {
      local.line(l.tenant(), chat(l.tenant(), l.chatId(), l.status(), l.agentId(), null),
          new ChatMessage(l.chatId(), l.seq(), l.from(), l.writer(), l.text(), Instant.ofEpochMilli(l.at())));
    } else if (e instanceof ChatEvent.ChatTyping t) {
      local.typing(t.tenant(), chat(t.tenant(), t.chatId(), t.status(), t.agentId(), null), t.from());
    } else if (e instanceof ChatEvent.ChatJoined j) {
      local.joined(j.tenant(), chat(j.tenant(), j.chatId(), "connected", j.agentId(), null));
    } else if (e instanceof ChatEvent.ChatEnded x) {
      local.ended(x.tenant(), chat(x.tenant(), x.chatId(), "ended", x.agentId(), x.endedBy()));
    }
  }

  /** The chat as an event carries it (see {@link ChatListener}). */
  private static Chat chat(String tenant, String id, String status, String agentId, String endedBy) {
    return new Chat(tenant, id, null, null, null, null, null, null, ChatStatus.of(status), agentId, null, null,
        endedBy, 0, null, null);
  }
}
