package io.switchboard.email;

import io.switchboard.chat.Chat;
import io.switchboard.sql.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link EmailStore} on PostgreSQL. A new conversation is written as the chat store writes a chat (its interaction
 * row, channel {@code email}, the chat row, the first line) in the transaction that records the Message-ID, so a
 * message is either a work item with its id recorded or nothing. Thread-safe; blocking.
 */
public final class PgEmailStore implements EmailStore {
  static final String INTERACTION = "INSERT INTO interactions (tenant, call_id, channel, direction, caller, queue, "
      + "final_queue, arrived_at, outcome, timeline) VALUES (?, ?, 'email', 'inbound', ?, ?, ?, ?, 'open', '[]'::jsonb)";
  static final String CHAT = "INSERT INTO chats (tenant, chat_id, queue, origin, customer, customer_name, "
      + "customer_email, status, started_at) VALUES (?, ?, ?, '" + ORIGIN + "', ?, ?, ?, 'queued', ?)";
  static final String THREAD = "SELECT c.chat_id FROM email_messages m JOIN chats c ON c.tenant = m.tenant "
      + "AND c.chat_id = m.chat_id WHERE m.tenant = ? AND m.message_id = ANY (?) AND c.status <> 'ended' "
      + "AND c.customer = ? ORDER BY m.at DESC LIMIT 1";

  private final DataSource dataSource;

  public PgEmailStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Stored inbound(String tenant, String queue, InboundMail mail, Instant now) {
    return tx(c -> {
      String known = one(c, "SELECT chat_id FROM email_messages WHERE tenant = ? AND message_id = ?", tenant,
          mail.messageId());
      if (known != null) {
        return new Stored(known, 0, false, true);
      }
      String chatId = mail.references().isEmpty() ? null : one(c, THREAD, tenant,
          c.createArrayOf("text", mail.references().toArray()), mail.fromAddress());
      boolean fresh = chatId == null;
      if (fresh) {
        chatId = Chat.PREFIX + UUID.randomUUID();
        String name = mail.fromName() == null || mail.fromName().isBlank() ? mail.fromAddress() : mail.fromName();
        update(c, INTERACTION, tenant, chatId, mail.fromAddress(), queue, queue, time(now));
        update(c, CHAT, tenant, chatId, queue, mail.fromAddress(), name.length() > 100 ? name.substring(0, 100) : name,
            mail.fromAddress(), time(now));
      }
      int seq = Integer.parseInt(one(c, "UPDATE chats SET last_seq = last_seq + 1 WHERE tenant = ? AND chat_id = ? "
          + "RETURNING last_seq::text", tenant, chatId));
      update(c, "INSERT INTO chat_messages (tenant, chat_id, seq, sender, body, at) VALUES (?, ?, ?, 'customer', ?, ?)",
          tenant, chatId, seq, mail.line(), time(now));
      update(c, "INSERT INTO email_messages (tenant, message_id, chat_id, direction, seq, from_address, subject, refs, "
          + "at) VALUES (?, ?, ?, 'in', ?, ?, ?, ?, ?)", tenant, mail.messageId(), chatId, seq, mail.fromAddress(),
          mail.subject(), String.join(" ", mail.references()), time(mail.at()));
      return new Stored(chatId, seq, fresh, false);
    });
  }

  @Override
  public Optional<Thread> thread(String tenant, String chatId) {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT c.customer_email, m.subject, m.message_id, m.refs "
          + "FROM email_messages m JOIN chats c ON c.tenant = m.tenant AND c.chat_id = m.chat_id "
          + "WHERE m.tenant = ? AND m.chat_id = ? AND m.direction = 'in' ORDER BY m.seq DESC LIMIT 1")) {
        q.setString(1, tenant);
        q.setString(2, chatId);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Thread>empty();
          }
          String refs = rs.getString(4);
          return Optional.of(new Thread(rs.getString(1), rs.getString(2), rs.getString(3),
              refs.isBlank() ? List.of() : Arrays.asList(refs.split(" "))));
        }
      }
    });
  }

  @Override
  public void sent(String tenant, String chatId, int seq, String messageId, String from, String subject,
      List<String> refs, Instant at) {
    tx(c -> {
      update(c, "INSERT INTO email_messages (tenant, message_id, chat_id, direction, seq, from_address, subject, refs, "
          + "at) VALUES (?, ?, ?, 'out', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", tenant, messageId, chatId, seq, from,
          subject, String.join(" ", refs), time(at));
      return null;
    });
  }

  private static String one(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      bind(q, args);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      bind(q, args);
      q.executeUpdate();
    }
  }

  private static void bind(PreparedStatement q, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      q.setObject(i + 1, args[i]);
    }
  }

  private static java.time.OffsetDateTime time(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }

  private <T> T tx(Transactions.Work<T, RuntimeException> work) {
    try {
      return Transactions.inTransaction(dataSource, work);
    } catch (SQLException e) {
      throw new IllegalStateException("e-mail store: " + e.getMessage(), e);
    }
  }
}
