package io.switchboard.chat;

import io.switchboard.sql.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link ChatStore} on PostgreSQL (V16__chats.sql). Each change of a chat updates its interaction row in the same
 * transaction, so the interaction (queue, answer, end, outcome, disposition, transfers) always agrees with the chat.
 * Blocking; thread-safe (each call takes its own pooled connection).
 */
public final class PgChatStore implements ChatStore {
  static final String CHAT_COLUMNS = "c.tenant, c.chat_id, c.queue, c.origin, c.customer, c.customer_name, c.customer_email, "
      + "c.language, c.status, c.agent_id, c.handover_reason, c.disposition, c.ended_by, c.last_seq, c.started_at, "
      + "c.ended_at";
  static final String INTERACTION = "INSERT INTO interactions (tenant, call_id, channel, direction, caller, language, "
      + "queue, final_queue, arrived_at, outcome, timeline) VALUES (?, ?, 'chat', 'inbound', ?, ?, ?, ?, ?, 'open', "
      + "'[]'::jsonb)";
  static final String INSERT = "INSERT INTO chats (tenant, chat_id, queue, origin, customer, customer_name, "
      + "customer_email, language, status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'bot', ?)";
  static final String SEARCH = "SELECT " + CHAT_COLUMNS + ", m.seq, m.sender, m.agent_id, m.body, m.at FROM chats c "
      + "CROSS JOIN LATERAL (SELECT * FROM chat_messages m WHERE m.tenant = c.tenant AND m.chat_id = c.chat_id "
      + "AND to_tsvector('simple', m.body) @@ plainto_tsquery('simple', ?) ORDER BY m.seq LIMIT 1) m "
      + "WHERE c.tenant = ? AND (?::text IS NULL OR c.agent_id = ?) ORDER BY c.started_at DESC, c.chat_id DESC LIMIT ?";

  private final DataSource dataSource;

  public PgChatStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Chat start(String tenant, NewChat n, Instant at) {
    String id = Chat.PREFIX + UUID.randomUUID();
    return tx(c -> {
      String caller = n.customerEmail() != null ? n.customerEmail() : n.customerName();
      update(c, INTERACTION, tenant, id, caller, n.language(), n.queue(), n.queue(), time(at));
      update(c, INSERT, tenant, id, n.queue(), n.origin(), n.customer(), n.customerName(), n.customerEmail(), n.language(),
          time(at));
      return locked(c, tenant, id);
    });
  }

  @Override
  public Optional<Chat> get(String tenant, String chatId) {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT " + CHAT_COLUMNS
          + " FROM chats c WHERE c.tenant = ? AND c.chat_id = ?")) {
        q.setString(1, tenant);
        q.setString(2, chatId);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(chat(rs)) : Optional.<Chat>empty();
        }
      }
    });
  }

  @Override
  public Appended append(String tenant, String chatId, String from, String agentId, String text, Instant at) {
    return tx(c -> {
      Chat k = locked(c, tenant, chatId);
      if ("agent".equals(from) && (k.status() != ChatStatus.CONNECTED || !k.agentId().equals(agentId))) {
        throw ChatException.notYours(chatId);
      }
      if (k.status() == ChatStatus.ENDED) {
        throw ChatException.ended(chatId);
      }
      int seq = k.lastSeq() + 1;
      update(c, "UPDATE chats SET last_seq = ? WHERE tenant = ? AND chat_id = ?", seq, tenant, chatId);
      ChatMessage m = new ChatMessage(chatId, seq, from, agentId, text, at);
      update(c, "INSERT INTO chat_messages (tenant, chat_id, seq, sender, agent_id, body, at, visibility) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tenant, chatId, seq, from, agentId, text, time(at),
          m.staffOnly() ? "staff" : "all");
      Chat after = new Chat(k.tenant(), k.id(), k.queue(), k.origin(), k.customer(), k.customerName(),
          k.customerEmail(), k.language(), k.status(), k.agentId(), k.handoverReason(), k.disposition(), k.endedBy(),
          seq, k.startedAt(), k.endedAt());
      return new Appended(after, m);
    });
  }

  @Override
  public List<ChatMessage> lines(String tenant, String chatId, int afterSeq, int limit) {
    return lines(tenant, chatId, afterSeq, limit, "");
  }

  @Override
  public List<ChatMessage> customerLines(String tenant, String chatId, int afterSeq, int limit) {
    return lines(tenant, chatId, afterSeq, limit, " AND visibility = 'all'");
  }

  @Override
  public List<Chat> live(String tenant, int limit) {
    return tx(c -> {
      List<Chat> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT " + CHAT_COLUMNS + " FROM chats c WHERE c.tenant = ? "
          + "AND c.status <> 'ended' ORDER BY c.started_at, c.chat_id LIMIT ?")) {
        q.setString(1, tenant);
        q.setInt(2, limit);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            out.add(chat(rs));
          }
        }
      }
      return out;
    });
  }

  /** {@code only}: an extra condition (a constant of this class, never input). */
  private List<ChatMessage> lines(String tenant, String chatId, int afterSeq, int limit, String only) {
    return tx(c -> {
      List<ChatMessage> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT seq, sender, agent_id, body, at FROM chat_messages "
          + "WHERE tenant = ? AND chat_id = ? AND seq > ?" + only + " ORDER BY seq LIMIT ?")) {
        q.setString(1, tenant);
        q.setString(2, chatId);
        q.setInt(3, afterSeq);
        q.setInt(4, limit);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            out.add(line(chatId, rs, 1));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Chat queued(String tenant, String chatId, String reason, boolean transfer) {
    return tx(c -> {
      Chat k = open(c, tenant, chatId);
      update(c, "UPDATE chats SET status = 'queued', handover_reason = coalesce(?, handover_reason) "
          + "WHERE tenant = ? AND chat_id = ?", reason, tenant, chatId);
      if (transfer && k.status() == ChatStatus.CONNECTED) {
        update(c, "UPDATE interactions SET transfers = transfers + 1, updated_at = now() "
            + "WHERE tenant = ? AND call_id = ?", tenant, chatId);
      }
      return locked(c, tenant, chatId);
    });
  }

  @Override
  public Chat connected(String tenant, String chatId, String agentId, Instant at) {
    return tx(c -> {
      open(c, tenant, chatId);
      update(c, "UPDATE chats SET status = 'connected', agent_id = ? WHERE tenant = ? AND chat_id = ?", agentId,
          tenant, chatId);
      update(c, "UPDATE interactions SET agent_id = coalesce(agent_id, ?), answered_at = coalesce(answered_at, ?), "
          + "wait_ms = CASE WHEN answered_at IS NULL THEN (extract(epoch FROM (?::timestamptz - arrived_at)) * 1000)"
          + "::bigint ELSE wait_ms END, offers = offers + 1, updated_at = now() WHERE tenant = ? AND call_id = ?",
          agentId, time(at), time(at), tenant, chatId);
      return locked(c, tenant, chatId);
    });
  }

  @Override
  public Chat end(String tenant, String chatId, String by, String disposition, Instant at) {
    return tx(c -> {
      Chat k = locked(c, tenant, chatId);
      if (k.status() == ChatStatus.ENDED) {
        return k;
      }
      update(c, "UPDATE chats SET status = 'ended', ended_by = ?, disposition = ?, ended_at = ? "
          + "WHERE tenant = ? AND chat_id = ?", by, disposition, time(at), tenant, chatId);
      update(c, "UPDATE interactions SET ended_at = ?, ended_by = ?, disposition = ?, "
          + "outcome = CASE WHEN answered_at IS NOT NULL THEN 'answered' WHEN ? THEN 'contained' ELSE 'abandoned' END, "
          + "talk_ms = CASE WHEN answered_at IS NULL THEN 0 "
          + "ELSE (extract(epoch FROM (?::timestamptz - answered_at)) * 1000)::bigint END, "
          + "wait_ms = CASE WHEN answered_at IS NULL THEN (extract(epoch FROM (?::timestamptz - arrived_at)) * 1000)"
          + "::bigint ELSE wait_ms END, updated_at = now() WHERE tenant = ? AND call_id = ?",
          time(at), by, disposition, "bot".equals(by), time(at), time(at), tenant, chatId);
      return locked(c, tenant, chatId);
    });
  }

  @Override
  public List<Hit> search(String tenant, String text, String agentId, int limit) {
    return tx(c -> {
      List<Hit> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(SEARCH)) {
        q.setString(1, text);
        q.setString(2, tenant);
        q.setString(3, agentId);
        q.setString(4, agentId);
        q.setInt(5, Math.min(limit, MAX_PAGE));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            Chat k = chat(rs);
            out.add(new Hit(k, line(k.id(), rs, 17)));
          }
        }
      }
      return out;
    });
  }

  /** The chat, row-locked for the rest of the transaction (appends of one chat take their seqs in turn). */
  private static Chat locked(Connection c, String tenant, String chatId) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT " + CHAT_COLUMNS
        + " FROM chats c WHERE c.tenant = ? AND c.chat_id = ? FOR UPDATE")) {
      q.setString(1, tenant);
      q.setString(2, chatId);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          throw ChatException.notFound(chatId);
        }
        return chat(rs);
      }
    }
  }

  private static Chat open(Connection c, String tenant, String chatId) throws SQLException {
    Chat k = locked(c, tenant, chatId);
    if (k.status() == ChatStatus.ENDED) {
      throw ChatException.ended(chatId);
    }
    return k;
  }

  private static Chat chat(ResultSet rs) throws SQLException {
    return new Chat(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), ChatStatus.of(rs.getString(9)), rs.getString(10),
        rs.getString(11), rs.getString(12), rs.getString(13), rs.getInt(14), instant(rs, 15), instant(rs, 16));
  }

  /** A line from columns seq, sender, agent_id, body, at starting at column {@code from}. */
  private static ChatMessage line(String chatId, ResultSet rs, int from) throws SQLException {
    return new ChatMessage(chatId, rs.getInt(from), rs.getString(from + 1), rs.getString(from + 2),
        rs.getString(from + 3), instant(rs, from + 4));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime time(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        q.setObject(i + 1, args[i]);
      }
      q.executeUpdate();
    }
  }

  private <T> T tx(Transactions.Work<T, RuntimeException> work) {
    try {
      return Transactions.inTransaction(dataSource, work);
    } catch (SQLException e) {
      throw new IllegalStateException("chat store: " + e.getMessage(), e);
    }
  }
}
