package io.switchboard.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The campaigns report's figures (docs/reports.md, "Campaigns"), read from PostgreSQL: every counted attempt of a
 * campaign once settled ({@code campaign_attempts}, V18) and its contacts ({@code campaign_contacts}, V10). Blocking
 * (JDBC): worker threads only. Thread-safe.
 */
public final class CampaignFigures {
  /** The window of the abandon rate: a rolling 30 days, what a predictive campaign's cap holds. */
  public static final Duration RATE_WINDOW = Duration.ofDays(30);

  /**
   * One campaign's figures. {@code dialed}: attempts settled (a call placed; skipped previews and withdrawn calls are
   * none); {@code connected}: attempts an agent took after the contact answered; {@code abandoned}: answered attempts
   * no agent took within the grace time (predictive); {@code abandonRate}: abandoned / answered attempts settled in
   * the 30 days before now (0 to 1; 0 with none), from {@code abandoned30d} and {@code answered30d}; {@code remaining}:
   * contacts not done.
   */
  public record Row(String campaignId, String name, String queue, String mode, String status, long dialed,
      long connected, long abandoned, long abandoned30d, long answered30d, long remaining) {
    public double abandonRate() {
      return answered30d == 0 ? 0 : (double) abandoned30d / answered30d;
    }
  }

  private final DataSource dataSource;

  public CampaignFigures(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The tenant's campaigns by name, each with its figures; {@code now} ends the abandon rate's window. */
  public List<Row> rows(String tenant, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT c.id::text, "
        + "c.name, c.queue, c.mode, c.status, COALESCE(a.dialed, 0), COALESCE(a.connected, 0), "
        + "COALESCE(a.abandoned, 0), COALESCE(a.abandoned30, 0), COALESCE(a.answered30, 0), "
        + "(SELECT count(*) FROM campaign_contacts cc WHERE cc.tenant = c.tenant AND cc.campaign_id = c.id "
        + "AND NOT cc.done) FROM campaigns c LEFT JOIN (SELECT campaign_id, count(*) AS dialed, "
        + "count(*) FILTER (WHERE answered AND NOT abandoned) AS connected, count(*) FILTER (WHERE abandoned) "
        + "AS abandoned, count(*) FILTER (WHERE abandoned AND settled_at > ?) AS abandoned30, "
        + "count(*) FILTER (WHERE answered AND settled_at > ?) AS answered30 FROM campaign_attempts "
        + "WHERE tenant = ? GROUP BY campaign_id) a ON a.campaign_id = c.id WHERE c.tenant = ? ORDER BY c.name")) {
      Timestamp since = Timestamp.from(now.minus(RATE_WINDOW));
      q.setTimestamp(1, since);
      q.setTimestamp(2, since);
      q.setString(3, tenant);
      q.setString(4, tenant);
      List<Row> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new Row(UUID.fromString(rs.getString(1)).toString(), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
              rs.getLong(10), rs.getLong(11)));
        }
      }
      return out;
    }
  }
}
