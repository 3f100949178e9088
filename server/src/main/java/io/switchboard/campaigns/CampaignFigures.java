package io.switchboard.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The campaigns report's figures (docs/reports.md, "Campaigns"), read from PostgreSQL: every counted attempt of a
 * campaign once settled ({@code campaign_attempts}, V18), its contacts ({@code campaign_contacts}, V10) and why
 * contacts were not dialed ({@code campaign_not_dialed}, V24). Blocking
 * (JDBC): worker threads only. Thread-safe.
 */
public final class CampaignFigures {
  /** The window of the abandon rate: a rolling 30 days, what a predictive campaign's cap holds. */
  public static final Duration RATE_WINDOW = Duration.ofDays(30);

  /**
   * One campaign's figures. {@code dialed}: attempts settled whose number was sent to the trunk (skipped previews,
   * withdrawn calls and numbers the dial planner refused are none); {@code connected}: attempts an agent took after
   * the contact answered; {@code abandoned}: answered attempts no agent took within the grace time (predictive);
   * {@code abandonRate}: abandoned / answered attempts settled in the 30 days before now (0 to 1; 0 with none), from
   * {@code abandoned30d} and {@code answered30d}; {@code remaining}: contacts not done; {@code reasons}: preview
   * skips and contacts not dialed, by reason.
   */
  public record Row(String campaignId, String name, String queue, String mode, String status, long dialed,
      long connected, long abandoned, long abandoned30d, long answered30d, long remaining, Reasons reasons) {
    public double abandonRate() {
      return answered30d == 0 ? 0 : (double) abandoned30d / answered30d;
    }
  }

  /**
   * Why a campaign's contacts were not dialed ({@code campaign_not_dialed}, V24): {@code skips} per preview.skip
   * reason (and {@code timeout}); {@code notDialed} per reason, distinct contacts; {@code notDialedContacts}: distinct
   * contacts with any reason.
   */
  public record Reasons(Map<String, Long> skips, Map<String, Long> notDialed, long notDialedContacts) {
    public static final Reasons NONE = new Reasons(Map.of(), Map.of(), 0);

    public long skipsInAll() {
      return skips.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final DataSource dataSource;

  public CampaignFigures(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The tenant's campaigns by name, each with its figures; {@code now} ends the abandon rate's window. */
  public List<Row> rows(String tenant, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Map<String, Reasons> reasons = reasons(c, tenant);
      try (PreparedStatement q = c.prepareStatement("SELECT c.id::text, "
          + "c.name, c.queue, c.mode, c.status, COALESCE(a.dialed, 0) - (SELECT count(DISTINCT r.call_id) FROM "
          + "campaign_not_dialed r WHERE r.tenant = c.tenant AND r.campaign_id = c.id AND r.kind = 'refused'), "
          + "COALESCE(a.connected, 0), "
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
            String id = UUID.fromString(rs.getString(1)).toString();
            out.add(new Row(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Math.max(0, rs.getLong(6)), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                rs.getLong(11), reasons.getOrDefault(id, Reasons.NONE)));
          }
        }
        return out;
      }
    }
  }

  /**
   * Every campaign's reasons, one scan of the tenant's rows: skips counted one by one; not-dialed and refused ones
   * together, by distinct contact (a contact put off every evening counts once), with each campaign's total.
   */
  private static Map<String, Reasons> reasons(Connection c, String tenant) throws SQLException {
    Map<String, Map<String, Long>> skips = new HashMap<>();
    Map<String, Map<String, Long>> notDialed = new HashMap<>();
    Map<String, Long> contacts = new HashMap<>();
    try (PreparedStatement q = c.prepareStatement("SELECT campaign_id::text, skip, reason, CASE WHEN skip "
        + "THEN count(*) ELSE count(DISTINCT contact) END FROM (SELECT campaign_id, kind = 'skipped' AS skip, "
        + "reason, contact FROM campaign_not_dialed WHERE tenant = ?) n "
        + "GROUP BY GROUPING SETS ((campaign_id, skip, reason), (campaign_id, skip))")) {
      q.setString(1, tenant);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String id = UUID.fromString(rs.getString(1)).toString();
          boolean skip = rs.getBoolean(2);
          String reason = rs.getString(3);
          if (reason == null) {
            if (!skip) {
              contacts.put(id, rs.getLong(4));
            }
          } else {
            (skip ? skips : notDialed).computeIfAbsent(id, k -> new TreeMap<>()).put(reason, rs.getLong(4));
          }
        }
      }
    }
    Map<String, Reasons> out = new HashMap<>();
    for (String id : union(skips.keySet(), notDialed.keySet())) {
      out.put(id, new Reasons(skips.getOrDefault(id, Map.of()), notDialed.getOrDefault(id, Map.of()),
          contacts.getOrDefault(id, 0L)));
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }
}
