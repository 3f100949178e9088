package io.switchboard.web;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Known interaction records for the browser tests of the report figures: rows of {@code interactions} and
 * {@code agent_legs} (V2__interactions.sql) written by hand into a test database, as the records pipeline would
 * write them for calls that happened. The call ids are the test's own, so no event of the stream ever rewrites them.
 */
final class ReportRows implements AutoCloseable {
  static final String TENANT = WebNode.TENANT;

  private final Connection db;

  ReportRows(String jdbcUrl) throws SQLException {
    this.db = DriverManager.getConnection(jdbcUrl, "postgres", null);
  }

  /** An answered call: waited {@code waitS}, answered by {@code agent}, with its talk, hold and wrap-up (seconds). */
  void answered(String callId, String queue, Instant arrived, int waitS, String agent, int talkS, int holdS, int wrapS)
      throws SQLException {
    Instant answered = arrived.plusSeconds(waitS);
    interaction(callId, queue, arrived, answered, agent, answered.plusSeconds(talkS + holdS), "answered", "agent",
        waitS, talkS, holdS, wrapS);
  }

  /** A call whose caller hung up after waiting {@code waitS}. */
  void abandoned(String callId, String queue, Instant arrived, int waitS) throws SQLException {
    interaction(callId, queue, arrived, null, null, arrived.plusSeconds(waitS), "abandoned", "caller", waitS, 0, 0, 0);
  }

  /**
   * One offer of a call to an agent ({@code seq} from 1): answered (with handling times, seconds) or rejected, missed,
   * withdrawn.
   */
  void leg(String callId, int seq, String agent, String queue, Instant offered, String outcome, int ringS, int talkS,
      int holdS, int wrapS) throws SQLException {
    boolean answered = outcome.equals("answered");
    Instant answeredAt = answered ? offered.plusSeconds(ringS) : null;
    try (PreparedStatement s = db.prepareStatement("""
        INSERT INTO agent_legs (tenant, call_id, seq, agent_id, queue, offered_at, outcome, answered_at, ended_at,
          talk_ms, hold_ms, wrap_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      s.setString(1, TENANT);
      s.setString(2, callId);
      s.setInt(3, seq);
      s.setString(4, agent);
      s.setString(5, queue);
      s.setTimestamp(6, Timestamp.from(offered));
      s.setString(7, outcome);
      s.setTimestamp(8, answeredAt == null ? null : Timestamp.from(answeredAt));
      s.setTimestamp(9, answeredAt == null ? null : Timestamp.from(answeredAt.plusSeconds(talkS + holdS)));
      s.setLong(10, talkS * 1000L);
      s.setLong(11, holdS * 1000L);
      s.setLong(12, wrapS * 1000L);
      s.executeUpdate();
    }
  }

  private void interaction(String callId, String queue, Instant arrived, Instant answered, String agent, Instant ended,
      String outcome, String endedBy, int waitS, int talkS, int holdS, int wrapS) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("""
        INSERT INTO interactions (tenant, call_id, caller, queue, final_queue, arrived_at, answered_at, agent_id,
          ended_at, outcome, ended_by, wait_ms, talk_ms, hold_ms, hold_count, wrap_ms, offers, timeline)
        VALUES (?, ?, '+15550199', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]'::jsonb)""")) {
      s.setString(1, TENANT);
      s.setString(2, callId);
      s.setString(3, queue);
      s.setString(4, queue);
      s.setTimestamp(5, Timestamp.from(arrived));
      s.setTimestamp(6, answered == null ? null : Timestamp.from(answered));
      s.setString(7, agent);
      s.setTimestamp(8, Timestamp.from(ended));
      s.setString(9, outcome);
      s.setString(10, endedBy);
      s.setLong(11, waitS * 1000L);
      s.setLong(12, talkS * 1000L);
      s.setLong(13, holdS * 1000L);
      s.setInt(14, holdS > 0 ? 1 : 0);
      s.setLong(15, wrapS * 1000L);
      s.setInt(16, answered == null ? 0 : 1);
      s.executeUpdate();
    }
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
