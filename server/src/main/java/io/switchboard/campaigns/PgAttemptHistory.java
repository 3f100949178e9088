package io.switchboard.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.LongStream;

/**
 * A campaign's recent attempts from PostgreSQL, for {@link CampaignStore#history}: the last settled attempts
 * ({@code campaign_attempts}), each with the ring time its answer's {@code call.enqueued} event carries
 * ({@code ringMs}, written by acd-campaign-answered.lua) and the talk and wrap-up of its interaction. Blocking.
 */
final class PgAttemptHistory {
  private PgAttemptHistory() {}

  private static final String SQL = "SELECT a.answered, a.abandoned, a.outcome, (e.fields ->> 'ringMs')::bigint, "
      + "i.talk_ms + i.wrap_ms, i.outcome "
      + "FROM (SELECT call_id, answered, abandoned, outcome, settled_at FROM campaign_attempts "
      + "WHERE tenant = ? AND campaign_id = ? ORDER BY settled_at DESC LIMIT ?) a "
      + "LEFT JOIN events e ON e.tenant = ? AND e.call_id = a.call_id AND e.type = 'call.enqueued' "
      + "LEFT JOIN interactions i ON i.tenant = ? AND i.call_id = a.call_id "
      + "ORDER BY a.settled_at";

  /**
   * Oldest first. An answered attempt whose ring time was not recorded is left out (the answer rate stays that of
   * the attempts measured); a handle time counts once the interaction is answered and its wrap-up recorded.
   */
  static PredictivePacing.History load(Connection c, String tenant, UUID campaign, int limit, long noAnswerMs)
      throws SQLException {
    LongStream.Builder answer = LongStream.builder();
    LongStream.Builder unanswered = LongStream.builder();
    LongStream.Builder handle = LongStream.builder();
    try (PreparedStatement q = c.prepareStatement(SQL)) {
      q.setString(1, tenant);
      q.setObject(2, campaign);
      q.setInt(3, limit);
      q.setString(4, tenant);
      q.setString(5, tenant);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          if (!rs.getBoolean(1)) {
            unanswered.add("no-answer".equals(rs.getString(3)) ? noAnswerMs : 0);
            continue;
          }
          long ring = rs.getLong(4);
          if (!rs.wasNull()) {
            answer.add(Math.max(0, ring));
          }
          long handled = rs.getLong(5);
          if (!rs.wasNull() && !rs.getBoolean(2) && "answered".equals(rs.getString(6)) && handled > 0) {
            handle.add(handled);
          }
        }
      }
    }
    return new PredictivePacing.History(answer.build().toArray(), unanswered.build().toArray(),
        handle.build().toArray());
  }
}
