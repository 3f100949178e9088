package io.switchboard.campaigns;

import io.switchboard.sql.Transactions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link CampaignStore} on PostgreSQL (tables of V10__campaigns.sql; contacts and the tenant's do-not-call list of
 * V9 are read, never written). Blocking; thread-safe (each call takes its own pooled connection). A contact's key
 * is {@code <listId>:<contactId>}.
 */
public final class PgCampaignStore implements CampaignStore {
  private static final String COLUMNS = "c.tenant, c.id::text, c.version, c.name, c.queue, c.list_ids::text[], c.mode, "
      + "c.time_zone, c.hours_from, c.hours_to, c.retry::text, c.status, c.status_reason, c.created_at, c.updated_at, "
      + "ARRAY(SELECT d.phone FROM campaign_do_not_call d WHERE d.tenant = c.tenant AND d.campaign_id = c.id "
      + "ORDER BY d.phone), c.caller_id, c.schedule::text, c.abandon_cap_percent::float8, "
      + "c.preview::text, c.abandon_prompt";
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  public PgCampaignStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Campaign create(String tenant, Campaign.Fields f) throws SQLException {
    UUID id = UUID.randomUUID();
    try {
      return Transactions.inTransaction(dataSource, c -> {
        checkLists(c, tenant, f.listIds());
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO campaigns (tenant, id, name, queue, list_ids, mode, "
            + "time_zone, hours_from, hours_to, retry, caller_id, schedule, abandon_cap_percent, preview, "
            + "abandon_prompt) VALUES (?, ?, ?, ?, ?::uuid[], ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?::jsonb, ?)")) {
          ins.setString(1, tenant);
          ins.setObject(2, id);
          bindFields(c, ins, 3, f);
          ins.executeUpdate();
        }
        writeDoNotCall(c, tenant, id, f.doNotCall());
        return get(c, tenant, id.toString()).orElseThrow();
      });
    } catch (SQLException | RuntimeException e) {
      throw nameTaken(e, f.name());
    }
  }

  @Override
  public List<Campaign> list(String tenant) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM campaigns c WHERE c.tenant = ? ORDER BY c.name")) {
      q.setString(1, tenant);
      return campaigns(q);
    }
  }

  @Override
  public Optional<Campaign> get(String tenant, String id) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return get(c, tenant, id);
    }
  }

  private static Optional<Campaign> get(Connection c, String tenant, String id) throws SQLException {
    UUID uuid = uuid(id);
    if (uuid == null) {
      return Optional.empty();
    }
    try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM campaigns c WHERE c.tenant = ? AND c.id = ?")) {
      q.setString(1, tenant);
      q.setObject(2, uuid);
      return campaigns(q).stream().findFirst();
    }
  }

  @Override
  public Campaign update(String tenant, String id, Campaign.Fields f, Long expectedVersion) throws SQLException {
    try {
      return Transactions.inTransaction(dataSource, c -> {
        Campaign old = current(c, tenant, id, expectedVersion);
        checkLists(c, tenant, f.listIds());
        try (PreparedStatement up = c.prepareStatement("UPDATE campaigns SET name = ?, queue = ?, list_ids = ?::uuid[], "
            + "mode = ?, time_zone = ?, hours_from = ?, hours_to = ?, retry = ?::jsonb, caller_id = ?, schedule = ?::jsonb, "
            + "abandon_cap_percent = ?, preview = ?::jsonb, abandon_prompt = ?, version = version + 1, "
            + "updated_at = now() WHERE tenant = ? AND id = ?")) {
          int i = bindFields(c, up, 1, f);
          up.setString(i, tenant);
          up.setObject(i + 1, UUID.fromString(old.id()));
          up.executeUpdate();
        }
        writeDoNotCall(c, tenant, UUID.fromString(old.id()), f.doNotCall());
        return get(c, tenant, id).orElseThrow();
      });
    } catch (SQLException | RuntimeException e) {
      throw nameTaken(e, f.name());
    }
  }

  @Override
  public void delete(String tenant, String id, Long expectedVersion) throws SQLException {
    Transactions.inTransaction(dataSource, c -> {
      Campaign old = current(c, tenant, id, expectedVersion);
      if (old.status() == CampaignStatus.RUNNING || inFlightCount(c, tenant, old.id()) > 0) {
        throw new CampaignException(CampaignException.CONFLICT, null,
            "campaign '" + id + "' is running or has calls in flight: stop it (and let its calls end) first");
      }
      try (PreparedStatement d = c.prepareStatement("DELETE FROM campaigns WHERE tenant = ? AND id = ?")) {
        d.setString(1, tenant);
        d.setObject(2, UUID.fromString(old.id()));
        d.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Campaign transition(String tenant, String id, Set<CampaignStatus> from, CampaignStatus to, String reason)
      throws SQLException {
    return Transactions.inTransaction(dataSource, c -> {
      Campaign old = current(c, tenant, id, null);
      if (!from.contains(old.status())) {
        throw new CampaignException(CampaignException.CONFLICT, "status", "campaign '" + id + "' is "
            + old.status().wire() + ": it cannot become " + to.wire());
      }
      UUID uuid = UUID.fromString(old.id());
      if (to == CampaignStatus.RUNNING) {
        takeIn(c, tenant, uuid);
      }
      try (PreparedStatement up = c.prepareStatement("UPDATE campaigns SET status = ?, status_reason = ?, "
          + "version = version + 1, updated_at = now() WHERE tenant = ? AND id = ? AND status = ?")) {
        up.setString(1, to.wire());
        up.setString(2, reason);
        up.setString(3, tenant);
        up.setObject(4, uuid);
        up.setString(5, old.status().wire());
        if (up.executeUpdate() != 1) {
          throw new CampaignException(CampaignException.CONFLICT, "status", "campaign '" + id
              + "' changed meanwhile: try again");
        }
      }
      return get(c, tenant, id).orElseThrow();
    });
  }

  @Override
  public int takeIn(String tenant, String campaignId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return takeIn(c, tenant, UUID.fromString(campaignId));
    }
  }

  /** The lists' contacts the campaign does not have yet; NOT EXISTS first, so a round with none added writes nothing. */
  private static int takeIn(Connection c, String tenant, UUID campaign) throws SQLException {
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO campaign_contacts (tenant, campaign_id, list_id, "
        + "contact_id) SELECT k.tenant, m.id, k.list_id, k.id FROM campaigns m JOIN contacts k ON k.tenant = m.tenant "
        + "AND k.list_id = ANY (m.list_ids) WHERE m.tenant = ? AND m.id = ? AND NOT EXISTS (SELECT 1 FROM "
        + "campaign_contacts cc WHERE cc.tenant = k.tenant AND cc.campaign_id = m.id AND cc.list_id = k.list_id "
        + "AND cc.contact_id = k.id) ON CONFLICT DO NOTHING")) {
      ins.setString(1, tenant);
      ins.setObject(2, campaign);
      return ins.executeUpdate();
    }
  }

  @Override
  public Optional<CallbackTimes.Window> callbackWindow(String tenant, String callId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT k.time_zone, "
        + "m.time_zone, m.hours_from, m.hours_to FROM campaign_contacts cc JOIN campaigns m ON m.tenant = cc.tenant "
        + "AND m.id = cc.campaign_id LEFT JOIN contacts k ON k.tenant = cc.tenant AND k.list_id = cc.list_id "
        + "AND k.id = cc.contact_id WHERE cc.tenant = ? AND cc.call_id = ?")) {
      q.setString(1, tenant);
      q.setString(2, callId);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new CallbackTimes.Window(CampaignPacer.zone(rs.getString(1), rs.getString(2)),
            new CallingHours(rs.getObject(3, LocalTime.class), rs.getObject(4, LocalTime.class))));
      }
    }
  }

  @Override
  public Campaign.Progress progress(String tenant, String id) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Campaign campaign = current(c, tenant, id, null);
      UUID uuid = UUID.fromString(campaign.id());
      Map<String, Long> byOutcome = new LinkedHashMap<>();
      try (PreparedStatement q = c.prepareStatement("SELECT last_outcome, count(*) FROM campaign_contacts WHERE "
          + "tenant = ? AND campaign_id = ? AND last_outcome IS NOT NULL GROUP BY last_outcome ORDER BY last_outcome")) {
        q.setString(1, tenant);
        q.setObject(2, uuid);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            byOutcome.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
      try (PreparedStatement q = c.prepareStatement("SELECT count(*), COALESCE(sum(attempts), 0), "
          + "count(*) FILTER (WHERE last_outcome = 'answered'), count(*) FILTER (WHERE NOT done), "
          + "count(*) FILTER (WHERE call_id IS NOT NULL) FROM campaign_contacts WHERE tenant = ? AND campaign_id = ?")) {
        q.setString(1, tenant);
        q.setObject(2, uuid);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          long contacts = rs.getLong(1);
          long dialed = rs.getLong(2);
          long connected = rs.getLong(3);
          long remaining = rs.getLong(4);
          long inFlight = rs.getLong(5);
          try (PreparedStatement a = c.prepareStatement("SELECT count(*) FILTER (WHERE abandoned) "
              + "FROM campaign_attempts WHERE tenant = ? AND campaign_id = ?")) {
            a.setString(1, tenant);
            a.setObject(2, uuid);
            try (ResultSet r = a.executeQuery()) {
              r.next();
              return new Campaign.Progress(contacts, dialed, connected, r.getLong(1),
                  answers30d(c, tenant, uuid, Instant.now()).abandonRate(), remaining, inFlight, Map.copyOf(byOutcome));
            }
          }
        }
      }
    }
  }

  @Override
  public List<Campaign> active() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
        + " FROM campaigns c WHERE c.status = 'running' OR EXISTS (SELECT 1 FROM campaign_contacts cc "
        + "WHERE cc.tenant = c.tenant AND cc.campaign_id = c.id AND cc.call_id IS NOT NULL) ORDER BY c.tenant, c.id")) {
      return campaigns(q);
    }
  }

  @Override
  public List<InFlight> inFlight(String tenant, String campaignId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT list_id::text, "
        + "contact_id, call_id, attempts FROM campaign_contacts WHERE tenant = ? AND campaign_id = ? "
        + "AND call_id IS NOT NULL ORDER BY call_id")) {
      q.setString(1, tenant);
      q.setObject(2, UUID.fromString(campaignId));
      List<InFlight> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new InFlight(rs.getString(1) + ":" + rs.getLong(2), rs.getString(3), rs.getInt(4)));
        }
      }
      return out;
    }
  }

  @Override
  public List<Due> due(String tenant, String campaignId, Instant now, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT cc.list_id::text, "
        + "cc.contact_id, k.display_name, k.phones[1], k.time_zone, cc.attempts, "
        + "EXISTS (SELECT 1 FROM do_not_call d WHERE d.tenant = cc.tenant AND d.phone = k.phones[1] "
        + "AND (d.expires_at IS NULL OR d.expires_at > ?)) OR EXISTS (SELECT 1 FROM campaign_do_not_call d "
        + "WHERE d.tenant = cc.tenant AND d.campaign_id = cc.campaign_id AND d.phone = k.phones[1]) "
        + "FROM campaign_contacts cc LEFT JOIN contacts k ON k.tenant = cc.tenant AND k.list_id = cc.list_id "
        + "AND k.id = cc.contact_id WHERE cc.tenant = ? AND cc.campaign_id = ? AND NOT cc.done AND cc.call_id IS NULL "
        + "AND cc.next_attempt_at <= ? ORDER BY CASE WHEN k.attributes->>'priority' ~ '^-?[0-9]{1,9}$' "
        + "THEN (k.attributes->>'priority')::int ELSE 0 END DESC, cc.next_attempt_at, cc.list_id, cc.contact_id "
        + "LIMIT ?")) {
      Timestamp at = Timestamp.from(now);
      q.setTimestamp(1, at);
      q.setString(2, tenant);
      q.setObject(3, UUID.fromString(campaignId));
      q.setTimestamp(4, at);
      q.setInt(5, limit);
      List<Due> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new Due(rs.getString(1) + ":" + rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getInt(6), rs.getBoolean(7)));
        }
      }
      return out;
    }
  }

  @Override
  public boolean claim(String tenant, String campaignId, String contact, String callId, String phone)
      throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement up = c.prepareStatement("UPDATE campaign_contacts "
        + "SET call_id = ?, phone = ?, attempts = attempts + 1, updated_at = now() WHERE tenant = ? AND campaign_id = ? "
        + "AND list_id = ? AND contact_id = ? AND call_id IS NULL AND NOT done")) {
      up.setString(1, callId);
      up.setString(2, phone);
      bindContact(up, 3, tenant, campaignId, contact);
      return up.executeUpdate() == 1;
    }
  }

  @Override
  public Answers answers30d(String tenant, String campaignId, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return answers30d(c, tenant, UUID.fromString(campaignId), now);
    }
  }

  @Override
  public PredictivePacing.History history(String tenant, String campaignId, int limit, long noAnswerMs)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return PgAttemptHistory.load(c, tenant, UUID.fromString(campaignId), limit, noAnswerMs);
    }
  }

  private static Answers answers30d(Connection c, String tenant, UUID campaign, Instant now) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT count(*) FILTER (WHERE abandoned), "
        + "count(*) FILTER (WHERE answered) FROM campaign_attempts WHERE tenant = ? AND campaign_id = ? "
        + "AND settled_at > ?")) {
      q.setString(1, tenant);
      q.setObject(2, campaign);
      q.setTimestamp(3, Timestamp.from(now.minus(java.time.Duration.ofDays(30))));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return new Answers(rs.getLong(2), rs.getLong(1));
      }
    }
  }

  @Override
  public void settle(String tenant, String campaignId, String contact, String callId, String outcome,
      String disposition, boolean done, Instant nextAttemptAt, boolean counted) throws SQLException {
    if (callId != null && counted && outcome != null) {
      Transactions.inTransaction(dataSource, c -> {
        if (settle(c, tenant, campaignId, contact, callId, outcome, disposition, done, nextAttemptAt, counted) > 0) {
          try (PreparedStatement ins = c.prepareStatement("INSERT INTO campaign_attempts (tenant, call_id, "
              + "campaign_id, contact, outcome, answered, abandoned, settled_at, disposition) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?) "
              + "ON CONFLICT DO NOTHING")) {
            ins.setString(1, tenant);
            ins.setString(2, callId);
            ins.setObject(3, UUID.fromString(campaignId));
            ins.setString(4, contact);
            ins.setString(5, outcome);
            ins.setBoolean(6, "answered".equals(outcome) || "abandoned".equals(outcome));
            ins.setBoolean(7, "abandoned".equals(outcome));
            ins.setString(8, disposition);
            ins.executeUpdate();
          }
        }
        return null;
      });
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      settle(c, tenant, campaignId, contact, callId, outcome, disposition, done, nextAttemptAt, counted);
    }
  }

  private static int settle(Connection c, String tenant, String campaignId, String contact, String callId,
      String outcome, String disposition, boolean done, Instant nextAttemptAt, boolean counted) throws SQLException {
    try (PreparedStatement up = c.prepareStatement("UPDATE campaign_contacts "
        + "SET call_id = NULL, phone = NULL, last_outcome = COALESCE(?, last_outcome), "
        + "disposition = COALESCE(?, disposition), done = ?, next_attempt_at = COALESCE(?, next_attempt_at), "
        + "attempts = attempts - ?, updated_at = now() WHERE tenant = ? AND campaign_id = ? AND list_id = ? "
        + "AND contact_id = ? AND call_id IS NOT DISTINCT FROM ?")) {
      up.setString(1, outcome);
      up.setString(2, disposition);
      up.setBoolean(3, done);
      up.setTimestamp(4, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt));
      up.setInt(5, callId != null && !counted ? 1 : 0);
      int i = bindContact(up, 6, tenant, campaignId, contact);
      up.setString(i, callId);
      return up.executeUpdate();
    }
  }

  @Override
  public void notDialed(String tenant, String campaignId, String contact, String kind, String reason, String callId)
      throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ins = c.prepareStatement("INSERT INTO "
        + "campaign_not_dialed (tenant, campaign_id, contact, kind, reason, call_id) VALUES (?, ?, ?, ?, ?, ?)")) {
      ins.setString(1, tenant);
      ins.setObject(2, UUID.fromString(campaignId));
      ins.setString(3, contact);
      ins.setString(4, kind);
      ins.setString(5, reason);
      ins.setString(6, callId);
      ins.executeUpdate();
    }
  }

  @Override
  public void defer(String tenant, String campaignId, String contact, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement up = c.prepareStatement("UPDATE campaign_contacts "
        + "SET next_attempt_at = ?, updated_at = now() WHERE tenant = ? AND campaign_id = ? AND list_id = ? "
        + "AND contact_id = ? AND call_id IS NULL")) {
      up.setTimestamp(1, Timestamp.from(at));
      bindContact(up, 2, tenant, campaignId, contact);
      up.executeUpdate();
    }
  }

  @Override
  public boolean doNotCallInFlight(String tenant, String phone) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT EXISTS (SELECT 1 "
        + "FROM campaign_contacts cc JOIN campaign_do_not_call d ON d.tenant = cc.tenant "
        + "AND d.campaign_id = cc.campaign_id AND d.phone = cc.phone WHERE cc.tenant = ? AND cc.phone = ? "
        + "AND cc.call_id IS NOT NULL)")) {
      q.setString(1, tenant);
      q.setString(2, phone);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Override
  public JsonObject preview(String tenant, String campaignId, String contact) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      JsonObject out;
      try (PreparedStatement q = c.prepareStatement("SELECT k.display_name, k.attributes::text FROM contacts k "
          + "WHERE k.tenant = ? AND k.list_id = ? AND k.id = ?")) {
        int colon = contact.indexOf(':');
        q.setString(1, tenant);
        q.setObject(2, UUID.fromString(contact.substring(0, colon)));
        q.setLong(3, Long.parseLong(contact.substring(colon + 1)));
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          out = new JsonObject().put("name", rs.getString(1)).put("attributes", new JsonObject(rs.getString(2)));
        }
      }
      try (PreparedStatement q = c.prepareStatement("SELECT outcome, settled_at, disposition FROM campaign_attempts "
          + "WHERE tenant = ? AND campaign_id = ? AND contact = ? ORDER BY settled_at DESC LIMIT ?")) {
        q.setString(1, tenant);
        q.setObject(2, UUID.fromString(campaignId));
        q.setString(3, contact);
        q.setInt(4, PREVIEW_ATTEMPTS);
        JsonArray attempts = new JsonArray();
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            attempts.add(new JsonObject().put("outcome", rs.getString(1))
                .put("at", rs.getObject(2, OffsetDateTime.class).toInstant().toString())
                .put("disposition", rs.getString(3)));
          }
        }
        if (!attempts.isEmpty()) { // the ACD's cjson would turn an empty array into an object
          out.put("attempts", attempts);
        }
      }
      return out;
    }
  }

  @Override
  public long remaining(String tenant, String campaignId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT count(*) FROM "
        + "campaign_contacts WHERE tenant = ? AND campaign_id = ? AND NOT done")) {
      q.setString(1, tenant);
      q.setObject(2, UUID.fromString(campaignId));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Binds tenant, campaign, list and contact from {@code at}; returns the next index. */
  private static int bindContact(PreparedStatement s, int at, String tenant, String campaignId, String contact)
      throws SQLException {
    int colon = contact.indexOf(':');
    s.setString(at, tenant);
    s.setObject(at + 1, UUID.fromString(campaignId));
    s.setObject(at + 2, UUID.fromString(contact.substring(0, colon)));
    s.setLong(at + 3, Long.parseLong(contact.substring(colon + 1)));
    return at + 4;
  }

  /** Binds name .. retry from {@code at}; returns the next index. */
  private static int bindFields(Connection c, PreparedStatement s, int at, Campaign.Fields f) throws SQLException {
    s.setString(at, f.name());
    s.setString(at + 1, f.queue());
    s.setArray(at + 2, c.createArrayOf("text", f.listIds().toArray()));
    s.setString(at + 3, f.mode());
    s.setString(at + 4, f.timeZone());
    s.setObject(at + 5, f.hours().from());
    s.setObject(at + 6, f.hours().to());
    s.setString(at + 7, CampaignDocuments.retryJson(f.retry()).encode());
    s.setString(at + 8, f.callerId());
    s.setString(at + 9, f.schedule() == CampaignSchedule.ALWAYS ? null : CampaignDocuments.scheduleJson(f.schedule()).encode());
    s.setObject(at + 10, f.abandonCapPercent() == null ? null : java.math.BigDecimal.valueOf(f.abandonCapPercent()),
        java.sql.Types.NUMERIC);
    s.setString(at + 11, f.preview().equals(PreviewSettings.DEFAULT) ? null : CampaignDocuments.previewJson(f.preview()).encode());
    s.setString(at + 12, f.abandonPrompt());
    return at + 13;
  }

  private static void writeDoNotCall(Connection c, String tenant, UUID id, List<String> numbers) throws SQLException {
    try (PreparedStatement d = c.prepareStatement("DELETE FROM campaign_do_not_call WHERE tenant = ? AND campaign_id = ?")) {
      d.setString(1, tenant);
      d.setObject(2, id);
      d.executeUpdate();
    }
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO campaign_do_not_call (tenant, campaign_id, phone) "
        + "SELECT ?, ?, unnest(?::text[]) ON CONFLICT DO NOTHING")) {
      ins.setString(1, tenant);
      ins.setObject(2, id);
      ins.setArray(3, c.createArrayOf("text", numbers.toArray()));
      ins.executeUpdate();
    }
  }

  private static void checkLists(Connection c, String tenant, List<String> listIds) throws SQLException {
    for (String id : listIds) {
      if (uuid(id) == null) {
        throw new CampaignException(CampaignException.INVALID, "listIds", "'" + id + "' is not a contact list id");
      }
    }
    try (PreparedStatement q = c.prepareStatement("SELECT array_agg(id::text) FROM contact_lists WHERE tenant = ? "
        + "AND id = ANY (?::uuid[])")) {
      q.setString(1, tenant);
      q.setArray(2, c.createArrayOf("text", listIds.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        java.sql.Array a = rs.getArray(1);
        List<String> found = a == null ? List.of() : Arrays.asList((String[]) a.getArray());
        for (String id : listIds) {
          if (!found.contains(id.toLowerCase(java.util.Locale.ROOT))) {
            throw new CampaignException(CampaignException.INVALID, "listIds", "no such contact list '" + id + "'");
          }
        }
      }
    }
  }

  private static Campaign current(Connection c, String tenant, String id, Long expectedVersion) throws SQLException {
    Campaign old = get(c, tenant, id).orElseThrow(() -> new CampaignException(CampaignException.NOT_FOUND, null,
        "no such campaign '" + id + "'"));
    if (expectedVersion != null && old.version() != expectedVersion) {
      throw new CampaignException(CampaignException.VERSION_MISMATCH, null, "campaign '" + id + "' is at version "
          + old.version() + ", not " + expectedVersion);
    }
    return old;
  }

  private static long inFlightCount(Connection c, String tenant, String id) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM campaign_contacts WHERE tenant = ? "
        + "AND campaign_id = ? AND call_id IS NOT NULL")) {
      q.setString(1, tenant);
      q.setObject(2, UUID.fromString(id));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static RuntimeException nameTaken(Exception e, String name) throws SQLException {
    if (e instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
      return new CampaignException(CampaignException.CONFLICT, "name", "the tenant has a campaign named '" + name + "'");
    }
    if (e instanceof SQLException s) {
      throw s;
    }
    return (RuntimeException) e;
  }

  private static List<Campaign> campaigns(PreparedStatement q) throws SQLException {
    List<Campaign> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        Campaign.Fields f = new Campaign.Fields(rs.getString(4), rs.getString(5),
            Arrays.asList((String[]) rs.getArray(6).getArray()), rs.getString(7), rs.getString(8),
            new CallingHours(rs.getObject(9, LocalTime.class), rs.getObject(10, LocalTime.class)),
            CampaignDocuments.retryRules(new JsonObject(rs.getString(11))), Arrays.asList((String[]) rs.getArray(16).getArray()),
            rs.getString(17), rs.getString(18) == null ? CampaignSchedule.ALWAYS
                : CampaignDocuments.schedule(new JsonObject(rs.getString(18))), rs.getObject(19) == null ? null : rs.getDouble(19),
            rs.getString(20) == null ? PreviewSettings.DEFAULT : CampaignDocuments.preview(new JsonObject(rs.getString(20))),
            rs.getString(21));
        out.add(new Campaign(rs.getString(1), rs.getString(2), rs.getLong(3), f,
            CampaignStatus.fromWire(rs.getString(12)).orElse(CampaignStatus.STOPPED), rs.getString(13),
            rs.getObject(14, OffsetDateTime.class).toInstant(), rs.getObject(15, OffsetDateTime.class).toInstant()));
      }
    }
    return out;
  }

  private static UUID uuid(String id) {
    try {
      return id != null && id.length() == 36 ? UUID.fromString(id) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
