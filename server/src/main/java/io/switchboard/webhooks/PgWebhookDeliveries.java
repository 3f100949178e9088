package io.switchboard.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code webhook_deliveries} table (V12). Times are the database's ({@code now()}), so nodes whose clocks
 * differ agree on what is due. A claim marks rows as being sent until a lease ends ({@code FOR UPDATE SKIP
 * LOCKED}: two nodes never claim one row); a node that dies holding some leaves them to be claimed again when the
 * lease ends, so a delivery may be sent twice but never lost (receivers dedupe on {@code webhook-id}).
 * Blocking; thread-safe (each call takes its own pooled connection).
 */
public final class PgWebhookDeliveries {
  static final String COLUMNS = "id, tenant, webhook_id, event_id, event_type, body, status, attempts, "
      + "next_attempt_at, last_status, last_error, last_attempt_at, created_at, finished_at";
  static final String CLAIM = "UPDATE webhook_deliveries d SET claimed_until = now() + make_interval(secs => ?) "
      + "FROM (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now() "
      + "AND (claimed_until IS NULL OR claimed_until < now()) ORDER BY next_attempt_at LIMIT ? "
      + "FOR UPDATE SKIP LOCKED) due WHERE d.id = due.id RETURNING d." + COLUMNS.replace(", ", ", d.");
  static final String OUTCOME = "UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, "
      + "last_status = ?, last_error = ?, last_attempt_at = now(), claimed_until = NULL, "
      + "next_attempt_at = now() + make_interval(secs => ?), "
      + "finished_at = CASE WHEN ? = 'pending' THEN NULL ELSE now() END WHERE id = ?";
  static final String POSTPONE = "UPDATE webhook_deliveries SET claimed_until = NULL, "
      + "next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?";
  static final String RETRY = "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, "
      + "next_attempt_at = now(), claimed_until = NULL, finished_at = NULL "
      + "WHERE tenant = ? AND webhook_id = ? AND status = 'dead' AND (? OR id = ?) RETURNING " + COLUMNS;

  private final DataSource dataSource;

  public PgWebhookDeliveries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Up to {@code limit} due deliveries, each leased to the caller for {@code lease}. */
  List<Delivery> claim(int limit, Duration lease) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(CLAIM)) {
      s.setDouble(1, lease.toMillis() / 1000.0);
      s.setInt(2, limit);
      return rows(s);
    }
  }

  /**
   * Records an attempt's outcome.
   *
   * @param status {@link Delivery#DELIVERED}, {@link Delivery#DEAD}, or {@link Delivery#PENDING} (tried again after
   *     {@code retryIn})
   */
  void attempted(long id, String status, Integer httpStatus, String error, Duration retryIn) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(OUTCOME)) {
      s.setString(1, status);
      if (httpStatus == null) {
        s.setNull(2, Types.INTEGER);
      } else {
        s.setInt(2, httpStatus);
      }
      s.setString(3, error);
      s.setDouble(4, retryIn.toMillis() / 1000.0);
      s.setString(5, status);
      s.setLong(6, id);
      s.executeUpdate();
    }
  }

  /** Gives a claimed delivery back, due again in {@code in}, without counting an attempt. */
  void postpone(long id, Duration in) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(POSTPONE)) {
      s.setDouble(1, in.toMillis() / 1000.0);
      s.setLong(2, id);
      s.executeUpdate();
    }
  }

  /**
   * A webhook's deliveries, newest first.
   *
   * @param status one of the three, or null for all
   * @param beforeId only deliveries with a smaller id (the page cursor), or null
   */
  public List<Delivery> list(String tenant, String webhookId, String status, Long beforeId, int limit)
      throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM webhook_deliveries WHERE tenant = ? AND webhook_id = ? "
        + "AND (?::text IS NULL OR status = ?) AND (?::bigint IS NULL OR id < ?) ORDER BY id DESC LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant);
      s.setString(2, webhookId);
      s.setString(3, status);
      s.setString(4, status);
      s.setObject(5, beforeId, Types.BIGINT);
      s.setObject(6, beforeId, Types.BIGINT);
      s.setInt(7, limit);
      return rows(s);
    }
  }

  /** A delivery of the webhook, if it has one with that id. */
  public Optional<Delivery> get(String tenant, String webhookId, long id) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM webhook_deliveries WHERE tenant = ? AND webhook_id = ? AND id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant);
      s.setString(2, webhookId);
      s.setLong(3, id);
      return rows(s).stream().findFirst();
    }
  }

  /**
   * Makes dead deliveries pending again, due now, with their attempts counted from zero: the one with {@code id},
   * or every dead one of the webhook when {@code id} is null. Returns those it changed.
   */
  public List<Delivery> retryDead(String tenant, String webhookId, Long id) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RETRY)) {
      s.setString(1, tenant);
      s.setString(2, webhookId);
      s.setBoolean(3, id == null);
      s.setLong(4, id == null ? 0 : id);
      return rows(s);
    }
  }

  /** Deletes delivered deliveries finished before {@code deliveredBefore} and dead ones before {@code deadBefore}. */
  int purge(Instant deliveredBefore, Instant deadBefore) throws SQLException {
    String sql = "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND finished_at < "
        + "CASE WHEN status = 'delivered' THEN ?::timestamptz ELSE ?::timestamptz END";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(deliveredBefore));
      s.setTimestamp(2, Timestamp.from(deadBefore));
      return s.executeUpdate();
    }
  }

  private static List<Delivery> rows(PreparedStatement s) throws SQLException {
    List<Delivery> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        int status = r.getInt("last_status");
        Integer lastStatus = r.wasNull() ? null : status;
        out.add(new Delivery(r.getLong("id"), r.getString("tenant"), r.getString("webhook_id"),
            r.getString("event_id"), r.getString("event_type"), r.getString("body"), r.getString("status"),
            r.getInt("attempts"), instant(r, "next_attempt_at"), lastStatus,
            r.getString("last_error"), instant(r, "last_attempt_at"), instant(r, "created_at"),
            instant(r, "finished_at")));
      }
    }
    return out;
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    Timestamp t = r.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
