package io.switchboard.quality;

import io.switchboard.sql.Transactions;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link EvaluationStore} in PostgreSQL's {@code evaluations} (V23). Blocking; thread-safe. */
public final class PgEvaluationStore implements EvaluationStore {
  private static final String COLUMNS = "tenant, id, call_id, recording_id, agent_id, queue, scorecard_id,"
      + " scorecard_version, scorecard, answers, score, raw_score, failed, comment, evaluator, created_at,"
      + " acknowledged_at, ack_comment";
  private static final String INSERT = "INSERT INTO evaluations (" + COLUMNS + ") VALUES"
      + " (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String ACK = "UPDATE evaluations SET acknowledged_at = ?, ack_comment = ?"
      + " WHERE tenant = ? AND id = ? AND agent_id = ? AND acknowledged_at IS NULL";
  private static final String AVERAGES = "SELECT %s, count(*), sum(score), count(*) FILTER (WHERE failed)"
      + " FROM evaluations WHERE tenant = ? AND created_at >= ? AND created_at < ? AND %s IS NOT NULL"
      + " GROUP BY 1 ORDER BY 1";

  private final DataSource data;

  public PgEvaluationStore(DataSource data) {
    this.data = data;
  }

  @Override
  public void insert(Evaluation e) {
    run("storing an evaluation", c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, e.tenant());
        s.setString(2, e.id());
        s.setString(3, e.callId());
        s.setString(4, e.recordingId());
        s.setString(5, e.agentId());
        s.setString(6, e.queue());
        s.setString(7, e.scorecardId());
        s.setLong(8, e.scorecardVersion());
        s.setString(9, e.scorecard().encode());
        s.setString(10, e.answers().encode());
        s.setBigDecimal(11, e.score());
        s.setBigDecimal(12, e.rawScore());
        s.setBoolean(13, e.failed());
        s.setString(14, e.comment());
        s.setString(15, e.evaluator());
        s.setTimestamp(16, Timestamp.from(e.createdAt()));
        s.setTimestamp(17, e.acknowledgedAt() == null ? null : Timestamp.from(e.acknowledgedAt()));
        s.setString(18, e.ackComment());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Evaluation> get(String tenant, String id) {
    return run("reading an evaluation", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM evaluations"
          + " WHERE tenant = ? AND id = ?")) {
        s.setString(1, tenant);
        s.setString(2, id);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(row(r)) : Optional.<Evaluation>empty();
        }
      }
    });
  }

  @Override
  public List<Evaluation> list(Filter f) {
    if (f.among() != null && f.among().isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM evaluations WHERE tenant = ?");
    List<Object> args = new ArrayList<>(List.of(f.tenant()));
    add(sql, args, " AND agent_id = ?", f.agent());
    add(sql, args, " AND queue = ?", f.queue());
    add(sql, args, " AND call_id = ?", f.callId());
    add(sql, args, " AND created_at >= ?", f.from() == null ? null : Timestamp.from(f.from()));
    add(sql, args, " AND created_at < ?", f.to() == null ? null : Timestamp.from(f.to()));
    if (f.among() != null) {
      sql.append(" AND agent_id = ANY (?)");
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(Math.min(f.limit(), MAX_PAGE));
    return run("listing evaluations", c -> {
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        int i = 1;
        for (Object a : args) {
          s.setObject(i++, a);
        }
        if (f.among() != null) {
          s.setArray(i, c.createArrayOf("text", f.among().toArray()));
        }
        List<Evaluation> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(row(r));
          }
        }
        return out;
      }
    });
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
    if (value != null) {
      sql.append(clause);
      args.add(value);
    }
  }

  @Override
  public boolean acknowledge(String tenant, String id, String agent, Instant at, String comment) {
    return run("acknowledging an evaluation", c -> {
      try (PreparedStatement s = c.prepareStatement(ACK)) {
        s.setTimestamp(1, Timestamp.from(at));
        s.setString(2, comment);
        s.setString(3, tenant);
        s.setString(4, id);
        s.setString(5, agent);
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<Average> averages(String tenant, Instant from, Instant to, boolean byQueue) {
    String column = byQueue ? "queue" : "agent_id";
    return run("averaging evaluations", c -> {
      try (PreparedStatement s = c.prepareStatement(AVERAGES.formatted(column, column))) {
        s.setString(1, tenant);
        s.setTimestamp(2, Timestamp.from(from));
        s.setTimestamp(3, Timestamp.from(to));
        List<Average> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new Average(r.getString(1), r.getInt(2), r.getBigDecimal(3), r.getInt(4)));
          }
        }
        return out;
      }
    });
  }

  private static Evaluation row(ResultSet r) throws SQLException {
    Timestamp ack = r.getTimestamp(17);
    return new Evaluation(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
        r.getString(6), r.getString(7), r.getLong(8), new JsonObject(r.getString(9)), new JsonObject(r.getString(10)),
        r.getBigDecimal(11), r.getBigDecimal(12), r.getBoolean(13), r.getString(14), r.getString(15),
        r.getTimestamp(16).toInstant(), ack == null ? null : ack.toInstant(), r.getString(18));
  }

  private <T> T run(String what, Transactions.Work<T, SQLException> work) {
    try {
      return Transactions.inTransaction(data, work);
    } catch (SQLException e) {
      throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
  }
}
