package io.switchboard.cluster.wire;

import static io.switchboard.cluster.wire.Wire.optional;
import static io.switchboard.cluster.wire.Wire.required;

import java.util.Set;

/**
 * Something that happened in a chat, told by the node that stored it to every other node on the chat channel
 * ({@code sb:chat:events}), so the sockets of a chat's customer and agent hear it wherever they are connected
 * (docs/chat.md, "Across nodes"). Each event names the {@code node} that published it (that node has told its own
 * sockets already), the {@code tenant}, the chat and what the receivers' rules need of the chat: its status and its
 * agent. The {@code type} of each record is in {@link BusCodec}; every record reads and writes its own fields.
 */
public sealed interface ChatEvent {
  /** A chat's statuses on the wire ({@code chat.ChatStatus#wire}). */
  Set<String> STATUSES = Set.of("bot", "queued", "connected", "ended");

  String node();

  String tenant();

  String chatId();

  void write(WireWriter w);

  /**
   * {@code chat.line}: line {@code seq} of the chat (from 1, the store's order), written by {@code from} ({@code
   * customer}, {@code agent}, {@code bot}, {@code system}, or {@code supervisor} for a whisper; {@code writer} the
   * agent who wrote it or the supervisor who whispered it, else null) at
   * {@code at} (epoch ms). {@code status} and {@code agentId} are the chat's after the line was stored.
   */
  record ChatLine(String node, String tenant, String chatId, String status, String agentId, int seq, String from,
      String writer, String text, long at) implements ChatEvent {
    /** {@code supervisor}: a whisper, which the receiving node hands to its staff's sockets only. */
    private static final Set<String> FROM = Set.of("customer", "agent", "bot", "system", "supervisor");

    public ChatLine {
      common(node, tenant, chatId);
      checkStatus(status);
      optional("agentId", agentId);
      if (seq < 1) {
        throw new WireException("seq", "must be 1 or more");
      }
      oneOf("from", from, FROM);
      optional("writer", writer);
      if (text == null) {
        throw new IllegalArgumentException("text is required");
      }
    }

    static ChatLine read(WireReader r) {
      return new ChatLine(r.str("node"), r.str("tenant"), r.str("chatId"), r.oneOf("status", STATUSES),
          r.optStr("agentId"), r.integer("seq"), r.oneOf("from", FROM), r.optStr("writer"), r.str("text"),
          r.lng("at"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("node", node).str("tenant", tenant).str("chatId", chatId).str("status", status).str("agentId", agentId)
          .integer("seq", seq).str("from", from).str("writer", writer).str("text", text).lng("at", at);
    }
  }

  /** {@code chat.typing}: {@code from} ({@code customer} or {@code agent}) is typing; nothing is stored. */
  record ChatTyping(String node, String tenant, String chatId, String status, String agentId, String from)
      implements ChatEvent {
    private static final Set<String> FROM = Set.of("customer", "agent");

    public ChatTyping {
      common(node, tenant, chatId);
      checkStatus(status);
      optional("agentId", agentId);
      oneOf("from", from, FROM);
    }

    static ChatTyping read(WireReader r) {
      return new ChatTyping(r.str("node"), r.str("tenant"), r.str("chatId"), r.oneOf("status", STATUSES),
          r.optStr("agentId"), r.oneOf("from", FROM));
    }

    @Override
    public void write(WireWriter w) {
      w.str("node", node).str("tenant", tenant).str("chatId", chatId).str("status", status).str("agentId", agentId)
          .str("from", from);
    }
  }

  /** {@code chat.joined}: agent {@code agentId} took the chat (its customer is told the agent's display name). */
  record ChatJoined(String node, String tenant, String chatId, String agentId) implements ChatEvent {
    public ChatJoined {
      common(node, tenant, chatId);
      required("agentId", agentId);
    }

    static ChatJoined read(WireReader r) {
      return new ChatJoined(r.str("node"), r.str("tenant"), r.str("chatId"), r.str("agentId"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("node", node).str("tenant", tenant).str("chatId", chatId).str("agentId", agentId);
    }
  }

  /** {@code chat.ended}: the chat ended, by {@code endedBy}; {@code agentId} its last agent, or null. */
  record ChatEnded(String node, String tenant, String chatId, String agentId, String endedBy) implements ChatEvent {
    public ChatEnded {
      common(node, tenant, chatId);
      optional("agentId", agentId);
      required("endedBy", endedBy);
    }

    static ChatEnded read(WireReader r) {
      return new ChatEnded(r.str("node"), r.str("tenant"), r.str("chatId"), r.optStr("agentId"), r.str("endedBy"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("node", node).str("tenant", tenant).str("chatId", chatId).str("agentId", agentId)
          .str("endedBy", endedBy);
    }
  }

  private static void common(String node, String tenant, String chatId) {
    required("node", node);
    required("tenant", tenant);
    required("chatId", chatId);
  }

  private static void checkStatus(String status) {
    oneOf("status", status, STATUSES);
  }

  private static void oneOf(String name, String value, Set<String> allowed) {
    if (!allowed.contains(required(name, value))) {
      throw new IllegalArgumentException(name + " must be one of " + new java.util.TreeSet<>(allowed));
    }
  }
}
