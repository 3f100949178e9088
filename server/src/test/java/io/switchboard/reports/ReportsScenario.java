package io.switchboard.reports;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * A known day written by hand into {@code interactions}, {@code agent_legs} and {@code events} (agent state
 * changes), for {@link ReportsApiIT}: tenant acme on 2026-12-01 (UTC), queues support (service level 20 s), sales
 * (10 s) and billing (no calls); agents alice and bob (team t1), carol and dave (team t2). The expected figures are
 * worked out by hand in ReportsApiIT. Times are "HH:mm:ss" on that day unless they carry a date.
 */
final class ReportsScenario {
  static final String T = "acme";
  static final String DAY = "2026-12-01T";

  private final Connection c;

  private ReportsScenario(Connection c) {
    this.c = c;
  }

  static Instant at(String time) {
    return Instant.parse(time.contains("T") ? time : DAY + time + "Z");
  }

  static void write(String jdbcUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
      new ReportsScenario(c).all();
    }
  }

  private void all() throws SQLException {
    // ---- hour 09 (support unless said)
    // c1: answered by alice after 10 s (within 20 s), talk 100 s, wrap 20 s
    call(T, "c1", "support", "09:00:00", "09:00:10", "alice", "answered", 10, 100, 0, 20, 0);
    leg(T, "c1", 1, "alice", "support", "09:00:05", "answered", "09:00:10", 100, 0, 20, false);
    // c2: rejected by alice, answered by bob after 30 s (beyond the threshold), talk 200, hold 30, wrap 10
    call(T, "c2", "support", "09:10:00", "09:10:30", "bob", "answered", 30, 200, 30, 10, 0);
    leg(T, "c2", 1, "alice", "support", "09:10:05", "rejected", null, 0, 0, 0, false);
    leg(T, "c2", 2, "bob", "support", "09:10:25", "answered", "09:10:30", 200, 30, 10, false);
    // c3: abandoned after 40 s; c4: short abandon after 3 s
    call(T, "c3", "support", "09:20:00", null, null, "abandoned", 40, 0, 0, 0, 0);
    call(T, "c4", "support", "09:30:00", null, null, "abandoned", 3, 0, 0, 0, 0);
    // c5: answered by alice after 15 s, who transferred it to sales where carol took it
    call(T, "c5", "support", "09:40:00", "09:40:15", "alice", "answered", 15, 150, 0, 15, 1);
    leg(T, "c5", 1, "alice", "support", "09:40:10", "answered", "09:40:15", 60, 0, 5, true);
    leg(T, "c5", 2, "carol", "sales", "09:41:20", "answered", "09:41:25", 90, 0, 15, false);
    // c6: missed by carol, answered by bob after exactly 20 s (within: <=)
    call(T, "c6", "support", "09:50:00", "09:50:20", "bob", "answered", 20, 40, 0, 0, 0);
    leg(T, "c6", 1, "carol", "support", "09:50:02", "missed", null, 0, 0, 0, false);
    leg(T, "c6", 2, "bob", "support", "09:50:15", "answered", "09:50:20", 40, 0, 0, false);
    // ---- hour 10
    // c7: sales, answered by carol after 8 s (within 10 s), talk 120, hold 20, wrap 30
    call(T, "c7", "sales", "10:05:00", "10:05:08", "carol", "answered", 8, 120, 20, 30, 0);
    leg(T, "c7", 1, "carol", "sales", "10:05:05", "answered", "10:05:08", 120, 20, 30, false);
    // c8: sales, abandoned after 6 s (a short abandon only with shortAbandonSeconds > 6)
    call(T, "c8", "sales", "10:10:00", null, null, "abandoned", 6, 0, 0, 0, 0);
    // c9: support, answered by alice after 5 s, talk 30
    call(T, "c9", "support", "10:30:00", "10:30:05", "alice", "answered", 5, 30, 0, 0, 0);
    leg(T, "c9", 1, "alice", "support", "10:30:02", "answered", "10:30:05", 30, 0, 0, false);
    // ---- outside the range [09:00, 11:00) and other tenants: never counted in it
    call(T, "c10", "support", "08:59:59", "08:59:59", "alice", "answered", 0, 1, 0, 0, 0);
    call(T, "c11", "support", "11:00:00", null, null, "abandoned", 60, 0, 0, 0, 0);
    leg(T, "c11", 1, "bob", "support", "11:00:00", "missed", null, 0, 0, 0, false);
    call("other", "x1", "support", "09:05:00", "09:05:01", "alice", "answered", 1, 10, 0, 0, 0);
    leg("other", "x1", 1, "alice", "support", "09:05:00", "answered", "09:05:01", 10, 0, 0, false);

    // ---- agent state changes (agent.state events, and call events with agentState)
    state("alice", "08:30:00", "agent.state", "available");
    state("alice", "09:00:05", "call.reserved", "reserved");
    state("alice", "09:00:10", "call.accepted", "on-call");
    state("alice", "09:01:50", "call.ended", "wrap-up");
    state("alice", "09:02:10", "agent.state", "available");
    state("alice", "09:30:00", "agent.state", "away");
    state("alice", "09:40:00", "agent.state", "available");
    state("alice", "09:40:10", "call.reserved", "reserved");
    state("alice", "09:40:15", "call.accepted", "on-call");
    state("alice", "09:41:15", "call.transferred", "wrap-up");
    state("alice", "09:41:20", "agent.state", "available");
    state("alice", "10:30:02", "call.reserved", "reserved");
    state("alice", "10:30:05", "call.accepted", "on-call");
    state("alice", "10:30:35", "call.ended", "wrap-up");
    state("alice", "10:30:35", "agent.state", "available");  // same millisecond, later in the stream
    state("alice", "10:45:00", "agent.state", "offline");

    state("bob", "09:05:00", "agent.state", "available");
    state("bob", "09:10:25", "call.reserved", "reserved");
    state("bob", "09:10:30", "call.accepted", "on-call");
    state("bob", "09:14:20", "call.ended", "wrap-up");
    state("bob", "09:14:30", "agent.state", "available");
    state("bob", "09:50:15", "call.reserved", "reserved");
    state("bob", "09:50:20", "call.accepted", "on-call");
    state("bob", "09:51:00", "call.ended", "wrap-up");
    state("bob", "09:51:00", "agent.state", "available");
    state("bob", "10:00:00", "agent.state", "away");

    // carol's are stored last to first, as changes delivered out of order would be: the roll-up must come out the same
    String[][] carol = {
        {"2026-11-30T22:00:00Z", "agent.state", "available"},
        {"09:41:20", "call.reserved", "reserved"},
        {"09:41:25", "call.accepted", "on-call"},
        {"09:42:55", "call.ended", "wrap-up"},
        {"09:43:10", "agent.state", "available"},
        {"09:50:02", "call.reserved", "reserved"},
        {"09:50:17", "call.revoked", "away"},
        {"09:55:00", "agent.state", "available"},
        {"10:05:05", "call.reserved", "reserved"},
        {"10:05:08", "call.accepted", "on-call"},
        {"10:07:28", "call.ended", "wrap-up"},
        {"10:07:58", "agent.state", "available"},
        {"10:30:00", "agent.state", "offline"},
    };
    for (int i = carol.length - 1; i >= 0; i--) {
      state("carol", carol[i][0], carol[i][1], carol[i][2]);
    }

    // events that are not state changes, and another tenant's alice: ignored
    event(T, "bob", "09:20:00", "call.dtmf", "{\"agentId\":\"bob\",\"digits\":\"1\"}");
    event("other", "alice", "09:00:00", "agent.state", "{\"agentId\":\"alice\",\"state\":\"on-call\"}");
  }

  private void call(String tenant, String id, String queue, String arrived, String answered, String agent,
      String outcome, int waitS, int talkS, int holdS, int wrapS, int transfers) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO interactions (tenant, call_id, queue, final_queue, arrived_at, answered_at, agent_id, outcome,
          wait_ms, talk_ms, hold_ms, wrap_ms, transfers, timeline)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]'::jsonb)""")) {
      ps.setString(1, tenant);
      ps.setString(2, id);
      ps.setString(3, queue);
      ps.setString(4, transfers > 0 ? "sales" : queue);
      ps.setTimestamp(5, Timestamp.from(at(arrived)));
      ps.setTimestamp(6, answered == null ? null : Timestamp.from(at(answered)));
      ps.setString(7, agent);
      ps.setString(8, outcome);
      ps.setLong(9, waitS * 1000L);
      ps.setLong(10, talkS * 1000L);
      ps.setLong(11, holdS * 1000L);
      ps.setLong(12, wrapS * 1000L);
      ps.setInt(13, transfers);
      ps.executeUpdate();
    }
  }

  private void leg(String tenant, String call, int seq, String agent, String queue, String offered, String outcome,
      String answered, int talkS, int holdS, int wrapS, boolean transferred) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO agent_legs (tenant, call_id, seq, agent_id, queue, offered_at, outcome, answered_at, talk_ms,
          hold_ms, wrap_ms, transferred)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      ps.setString(1, tenant);
      ps.setString(2, call);
      ps.setInt(3, seq);
      ps.setString(4, agent);
      ps.setString(5, queue);
      ps.setTimestamp(6, Timestamp.from(at(offered)));
      ps.setString(7, outcome);
      ps.setTimestamp(8, answered == null ? null : Timestamp.from(at(answered)));
      ps.setLong(9, talkS * 1000L);
      ps.setLong(10, holdS * 1000L);
      ps.setLong(11, wrapS * 1000L);
      ps.setBoolean(12, transferred);
      ps.executeUpdate();
    }
  }

  private void state(String agent, String time, String type, String state) throws SQLException {
    String fields = type.equals("agent.state")
        ? "{\"agentId\":\"" + agent + "\",\"state\":\"" + state + "\"}"
        : "{\"agentId\":\"" + agent + "\",\"callId\":\"x\",\"agentState\":\"" + state + "\"}";
    event(T, agent, time, type, fields);
  }

  private int seq;

  private void event(String tenant, String agent, String time, String type, String fields) throws SQLException {
    Instant ts = at(time);
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO events (tenant, entry_id, type, ts, node, fields) VALUES (?, ?, ?, ?, 'n1', ?::jsonb)""")) {
      ps.setString(1, tenant);
      ps.setString(2, ts.toEpochMilli() + "-" + seq++);  // seq grows: same-millisecond events keep their order
      ps.setString(3, type);
      ps.setTimestamp(4, Timestamp.from(ts));
      ps.setString(5, fields);
      ps.executeUpdate();
    }
  }
}
