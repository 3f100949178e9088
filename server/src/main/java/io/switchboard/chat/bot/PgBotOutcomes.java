package io.switchboard.chat.bot;

import io.switchboard.sql.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** {@link BotOutcomes} in PostgreSQL's {@code chat_bot_outcomes} (V17). Blocking; thread-safe. */
public final class PgBotOutcomes implements BotOutcomes {
  private static final String INSERT = "INSERT INTO chat_bot_outcomes"
      + " (tenant, chat_id, bot_id, queue_id, outcome, reason, turns, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (tenant, chat_id) DO NOTHING";
  private static final String FIGURES = "SELECT queue_id, outcome, reason, count(*) FROM chat_bot_outcomes"
      + " WHERE tenant = ? AND ended_at >= ? AND ended_at < ? AND (?::text IS NULL OR queue_id = ?)"
      + " GROUP BY queue_id, outcome, reason ORDER BY queue_id";

  private final DataSource data;

  public PgBotOutcomes(DataSource data) {
    this.data = data;
  }

  @Override
  public boolean record(Outcome o) {
    try {
      return Transactions.inTransaction(data, c -> {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
          s.setString(1, o.tenant());
          s.setString(2, o.chatId());
          s.setString(3, o.botId());
          s.setString(4, o.queueId());
          s.setString(5, o.outcome());
          s.setString(6, o.reason());
          s.setInt(7, o.turns());
          s.setTimestamp(8, Timestamp.from(o.at()));
          return s.executeUpdate() == 1;
        }
      });
    } catch (SQLException e) {
      throw new IllegalStateException("recording a chat bot outcome failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<QueueFigures> figures(String tenant, Instant from, Instant to, String queue) {
    Map<String, int[]> counts = new LinkedHashMap<>(); // queue -> chats, contained, left
    Map<String, Map<String, Integer>> reasons = new LinkedHashMap<>();
    try {
      Transactions.inTransaction(data, c -> {
        try (PreparedStatement s = c.prepareStatement(FIGURES)) {
          s.setString(1, tenant);
          s.setTimestamp(2, Timestamp.from(from));
          s.setTimestamp(3, Timestamp.from(to));
          s.setString(4, queue);
          s.setString(5, queue);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              add(counts, reasons, r.getString(1), r.getString(2), r.getString(3), r.getInt(4));
            }
          }
        }
        return null;
      });
    } catch (SQLException e) {
      throw new IllegalStateException("reading chat bot outcomes failed: " + e.getMessage(), e);
    }
    List<QueueFigures> out = new ArrayList<>();
    counts.forEach((q, n) -> out.add(new QueueFigures(q, n[0], n[1], n[2], reasons.get(q))));
    return out;
  }

  private static void add(Map<String, int[]> counts, Map<String, Map<String, Integer>> reasons, String queue,
      String outcome, String reason, int n) {
    int[] c = counts.computeIfAbsent(queue, q -> new int[3]);
    Map<String, Integer> byReason = reasons.computeIfAbsent(queue, q -> new TreeMap<>());
    c[0] += n;
    switch (outcome) {
      case "contained" -> c[1] += n;
      case "left" -> c[2] += n;
      default -> byReason.merge(reason, n, Integer::sum);
    }
  }
}
