package io.switchboard.records;

import io.switchboard.config.RetentionConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces each tenant's retention: interactions that arrived before the tenant's cutoff (now minus its retention
 * days), with their agent legs, events older than the cutoff, and the reports' hourly roll-up rows of hours wholly
 * before it are deleted, and recordings that started before it (their metadata, listens and stored audio), {@code purgeBatch} rows per
 * transaction so no delete holds its locks for long. Every node runs it; a run first takes a session advisory lock
 * without waiting, so one node purges at a time and the others skip that run.
 * Idempotent: a batch that fails or a node that dies mid-run leaves rows that the next run deletes.
 *
 * <p>An interaction and its events go by their own times: events of a call that ran across the cutoff stay until
 * they pass it themselves (a call lasts minutes; retention is days).
 *
 * <p>Threading: {@link #runOnce} blocks; {@link #start} runs it on a daemon thread of its own every
 * {@code purgeInterval}.
 */
public final class RetentionPurge {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
  /** The advisory lock key of the purge ("purge" in ASCII), shared by every node. */
  static final long LOCK_KEY = 0x7075726765L;

  /** Tenants with any row, by skipping through the (tenant, ...) indexes: one probe per tenant, not a scan. */
  static final String TENANTS = "WITH RECURSIVE e AS (SELECT min(tenant) AS t FROM events UNION ALL "
      + "SELECT (SELECT min(tenant) FROM events WHERE tenant > e.t) FROM e WHERE e.t IS NOT NULL), "
      + "i AS (SELECT min(tenant) AS t FROM interactions UNION ALL "
      + "SELECT (SELECT min(tenant) FROM interactions WHERE tenant > i.t) FROM i WHERE i.t IS NOT NULL), "
      + "r AS (SELECT min(tenant) AS t FROM recordings UNION ALL "
      + "SELECT (SELECT min(tenant) FROM recordings WHERE tenant > r.t) FROM r WHERE r.t IS NOT NULL) "
      + "SELECT t FROM e WHERE t IS NOT NULL UNION SELECT t FROM i WHERE t IS NOT NULL "
      + "UNION SELECT t FROM r WHERE t IS NOT NULL";
  static final String INTERACTIONS = "WITH doomed AS (SELECT call_id FROM interactions WHERE tenant = ? "
      + "AND arrived_at < ? ORDER BY arrived_at LIMIT ?), "
      + "legs AS (DELETE FROM agent_legs l USING doomed d WHERE l.tenant = ? AND l.call_id = d.call_id) "
      + "DELETE FROM interactions i USING doomed d WHERE i.tenant = ? AND i.call_id = d.call_id";
  static final String EVENTS = "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE tenant = ? AND ts < ? "
      + "ORDER BY ts LIMIT ?)";

  /**
   * The reports' hourly roll-up (agent_hours): the legs' sums leave it with the legs (its trigger), the time by
   * state of hours wholly past retention goes here.
   */
  static final String AGENT_HOURS = "DELETE FROM agent_hours WHERE ctid = ANY(ARRAY(SELECT ctid FROM agent_hours "
      + "WHERE tenant = ? AND hour <= ?::timestamptz - interval '1 hour' LIMIT ?))";

  /**
   * Recordings past retention, oldest first: their stored audio is deleted first, then the rows (with their listens,
   * ON DELETE CASCADE), so a run that dies between the two leaves rows the next run deletes again, never files
   * without rows.
   */
  static final String DOOMED_RECORDINGS = "SELECT id, storage_key FROM recordings WHERE tenant = ? AND started_at < ? "
      + "ORDER BY started_at LIMIT ?";

  /** Deletes a recording's stored audio by its key (a missing one is not an error); blocks. */
  @FunctionalInterface
  public interface StoredAudio {
    void delete(String storageKey) throws Exception;
  }

  /** What one run deleted (rows); {@code skipped} when another node held the purge. */
  public record Result(long interactions, long events, long agentHours, long recordings, boolean skipped) {
    public Result(long interactions, long events, long agentHours, boolean skipped) {
      this(interactions, events, agentHours, 0, skipped);
    }
  }

  private final DataSource dataSource;
  private final RetentionConfig config;
  private final Clock clock;
  private ScheduledExecutorService timer;
  private volatile StoredAudio audio;

  public RetentionPurge(DataSource dataSource, RetentionConfig config, Clock clock) {
    this.dataSource = dataSource;
    this.config = config;
    this.clock = clock;
  }

  /** Deletes recordings' audio through {@code a} (without it, recordings' rows are left alone). Before start. */
  public RetentionPurge withRecordings(StoredAudio a) {
    this.audio = a;
    return this;
  }

  /** Runs now and then every purge interval, until {@link #stop}. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "records-purge");
      t.setDaemon(true);
      return t;
    });
    long every = config.purgeInterval().toMillis();
    timer.scheduleWithFixedDelay(this::runQuietly, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
  }

  private void runQuietly() {
    try {
      Result r = runOnce();
      if (r.interactions() > 0 || r.events() > 0 || r.agentHours() > 0 || r.recordings() > 0) {
        LOG.info("records.purged interactions={} events={} agentHours={} recordings={}", r.interactions(),
            r.events(), r.agentHours(), r.recordings());
      }
    } catch (Exception e) {
      LOG.warn("records.purge-failed error={} (retried at the next run)", e.toString());
    }
  }

  /**
   * Deletes everything past retention, batch by batch, while holding the purge's session advisory lock (on a
   * connection of its own, released at the end or when that connection dies); skipped when another node holds it.
   */
  public Result runOnce() throws SQLException {
    try (Connection lock = dataSource.getConnection()) {
      if (!lock(lock, "SELECT pg_try_advisory_lock(?)")) {
        return new Result(0, 0, 0, true);
      }
      try {
        return purge(clock.instant());
      } finally {
        lock(lock, "SELECT pg_advisory_unlock(?)");
      }
    }
  }

  private static boolean lock(Connection c, String sql) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setLong(1, LOCK_KEY);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private Result purge(Instant now) throws SQLException {
    long interactions = 0;
    long events = 0;
    long hours = 0;
    long recordings = 0;
    for (String tenant : tenants()) {
      Instant cutoff = now.minus(Duration.ofDays(config.days(tenant)));
      interactions += drain(INTERACTIONS, tenant, cutoff);
      events += drain(EVENTS, tenant, cutoff);
      hours += drain(AGENT_HOURS, tenant, cutoff);
      recordings += recordings(tenant, cutoff);
    }
    return new Result(interactions, events, hours, recordings, false);
  }

  /** Recordings of {@code tenant} started before {@code cutoff}: audio, then rows, a batch at a time. */
  private long recordings(String tenant, Instant cutoff) throws SQLException {
    StoredAudio a = audio;
    if (a == null) {
      return 0;
    }
    long total = 0;
    while (true) {
      List<String> ids = new ArrayList<>();
      try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(DOOMED_RECORDINGS)) {
        q.setString(1, tenant);
        q.setObject(2, InteractionProjection.time(cutoff.toEpochMilli()));
        q.setInt(3, config.purgeBatch());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            try {
              a.delete(rs.getString(2));
              ids.add(rs.getString(1));
            } catch (Exception e) { // kept for the next run: its audio is still there
              LOG.warn("records.recording-audio-not-deleted id={} error={}", rs.getString(1), e.toString());
            }
          }
        }
        if (ids.isEmpty()) {
          return total;
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM recordings WHERE tenant = ? AND id = ANY(?)")) {
          d.setString(1, tenant);
          d.setArray(2, c.createArrayOf("text", ids.toArray()));
          total += d.executeUpdate();
        }
      }
      if (ids.size() < config.purgeBatch()) {
        return total;
      }
    }
  }

  /** Batches of {@code sql} until one deletes fewer than a batch; the rows deleted. */
  private long drain(String sql, String tenant, Instant cutoff) throws SQLException {
    long total = 0;
    long n;
    do {
      n = batch(sql, tenant, cutoff);
      total += n;
    } while (n >= config.purgeBatch());
    return total;
  }

  private List<String> tenants() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(TENANTS);
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** One delete of at most purgeBatch rows, its own transaction (autocommit). */
  private long batch(String sql, String tenant, Instant cutoff) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement d = c.prepareStatement(sql)) {
      d.setString(1, tenant);
      d.setObject(2, InteractionProjection.time(cutoff.toEpochMilli()));
      d.setInt(3, config.purgeBatch());
      if (sql.equals(INTERACTIONS)) {
        d.setString(4, tenant);
        d.setString(5, tenant);
      }
      return d.executeUpdate();
    }
  }
}
