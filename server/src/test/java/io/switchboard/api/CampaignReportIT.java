package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.ApiServer.Caller;
import io.switchboard.api.ApiServer.Res;
import io.switchboard.campaigns.CallingHours;
import io.switchboard.campaigns.Campaign;
import io.switchboard.campaigns.CampaignFigures;
import io.switchboard.campaigns.CampaignSchedule;
import io.switchboard.campaigns.PgCampaignStore;
import io.switchboard.campaigns.RetryRules;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Kind;
import io.switchboard.records.Database;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The campaigns report ({@code GET /api/v1/reports/campaigns}) over a database of its own: three campaigns (one per
 * mode) with settled attempts written as the pacer writes them (one abandoned attempt older than 30 days, outside the
 * rate's window), their figures per campaign and per mode at a fixed clock, a team leader seeing only the campaigns of
 * its team's queues, a parameter refused by name, an agent refused.
 */
class CampaignReportIT {
  static final String TENANT = "campaign-report";
  static final Caller SUPERVISOR = new Caller(TENANT, "sam", "supervisor");
  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  static ApiServer api;
  static Database db;
  static String progressive;
  static String predictive;
  static String preview;

  @BeforeAll
  static void start() throws Exception {
    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
        TestPostgres.newDatabase("campaign_report_it"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
    db = Database.open(config.records(), Path.of("unused"));
    CampaignFigures figures = new CampaignFigures(db.dataSource());
    api = new ApiServer(1 << 20, (router, self) -> new CampaignReportApi(self.vertx, figures, self.directory,
        Clock.fixed(NOW, ZoneOffset.UTC)).mount(router, new TestGuard()));
    api.directory.createTenant(TENANT).await();
    for (String q : new String[] {"outbound", "renewals"}) {
      api.directory.put(TENANT, Kind.QUEUE, q, new JsonObject().put("name", q), null).await();
    }
    api.directory.put(TENANT, Kind.AGENT, "tina", new JsonObject().put("username", "tina")
        .put("roles", new JsonArray().add("team-leader")).put("password", "a-long-enough-password"), null).await();
    api.directory.put(TENANT, Kind.TEAM, "t1", new JsonObject().put("name", "T1").put("leader", "tina"), null).await();
    api.directory.put(TENANT, Kind.AGENT, "ann", new JsonObject().put("username", "ann").put("team", "t1")
        .put("roles", new JsonArray().add("agent")).put("queues", new JsonArray().add("renewals"))
        .put("password", "a-long-enough-password"), null).await();

    String list = UUID.randomUUID().toString();
    sql("INSERT INTO contact_lists (tenant, id, name) VALUES (?, ?::uuid, 'leads')", TENANT, list);
    PgCampaignStore store = new PgCampaignStore(db.dataSource());
    progressive = create(store, "Alpha", "outbound", "progressive", list);
    predictive = create(store, "Beta", "outbound", "predictive", list);
    preview = create(store, "Gamma", "renewals", "preview", list);
    contacts(progressive, list, 5, 2);   // 5 contacts, 2 done
    contacts(predictive, list, 4, 4);
    contacts(preview, list, 3, 1);
    // progressive: 3 dialed, 1 connected (answered), busy, no-answer
    attempt(progressive, "answered", 1);
    attempt(progressive, "busy", 2);
    attempt(progressive, "no-answer", 3);
    // predictive: 5 dialed, 3 answered of which 1 abandoned (in 30 days); one more abandoned 40 days ago
    attempt(predictive, "answered", 1);
    attempt(predictive, "answered", 2);
    attempt(predictive, "abandoned", 3);
    attempt(predictive, "busy", 4);
    attempt(predictive, "abandoned", 40);
    // preview: 2 dialed, 1 connected, 1 refused as do-not-call (skips are never attempts)
    attempt(preview, "answered", 1);
    attempt(preview, "do-not-call", 1);
    // why contacts were not dialed, as the pacer keeps it: preview skips one by one; not-dialed by distinct contact
    // (l:2 put off twice counts once); the refused do-not-call attempt is not dialed
    notDialed(preview, "l:1", "skipped", "not-now", null);
    notDialed(preview, "l:1", "skipped", "not-now", null);
    notDialed(preview, "l:2", "skipped", "timeout", null);
    notDialed(preview, "l:3", "refused", "do-not-call", "cmp-" + seq);
    notDialed(progressive, "l:2", "not-dialed", "outside-calling-hours", null);
    notDialed(progressive, "l:2", "not-dialed", "outside-calling-hours", null);
    notDialed(progressive, "l:3", "not-dialed", "do-not-call", null);
    notDialed(progressive, "l:2", "not-dialed", "max-attempts", null);
    notDialed(predictive, "l:4", "refused", "blocked-number", null);
  }

  @AfterAll
  static void stop() {
    api.close();
    db.close();
  }

  @Test
  void theFiguresPerCampaignAndPerMode() {
    Res r = api.as(SUPERVISOR).get("/api/v1/reports/campaigns");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonArray rows = r.json().getJsonArray("rows");
    assertThat(rows).hasSize(3);
    assertThat(row(rows, 0)).isEqualTo(List.of("Alpha", "progressive", 3L, 1L, 0L, 0.0, 3L));
    assertThat(row(rows, 1)).as("30 days: 1 abandoned of 3 answered; the old one counts in abandoned only")
        .isEqualTo(List.of("Beta", "predictive", 5L, 2L, 2L, 0.3333, 0L));
    assertThat(row(rows, 2)).as("the do-not-call attempt refused at dial time is not dialed")
        .isEqualTo(List.of("Gamma", "preview", 1L, 1L, 0L, 0.0, 2L));
    JsonObject alpha = rows.getJsonObject(0);
    assertThat(alpha.getLong("skips")).isZero();
    assertThat(alpha.getJsonObject("notDialedReasons").getMap()).as("distinct contacts per reason")
        .isEqualTo(Map.of("do-not-call", 1, "max-attempts", 1, "outside-calling-hours", 1));
    assertThat(alpha.getLong("notDialed")).as("two contacts in all").isEqualTo(2);
    JsonObject gamma = rows.getJsonObject(2);
    assertThat(gamma.getLong("skips")).isEqualTo(3);
    assertThat(gamma.getJsonObject("skipReasons").getMap()).isEqualTo(Map.of("not-now", 2, "timeout", 1));
    assertThat(gamma.getJsonObject("notDialedReasons").getMap()).isEqualTo(Map.of("do-not-call", 1));
    assertThat(rows.getJsonObject(1).getJsonObject("notDialedReasons").getMap())
        .isEqualTo(Map.of("blocked-number", 1));
    JsonObject byMode = r.json().getJsonObject("byMode");
    assertThat(byMode.getJsonObject("predictive").getLong("dialed")).isEqualTo(5);
    assertThat(byMode.getJsonObject("predictive").getDouble("abandonRate")).isEqualTo(0.3333);
    assertThat(byMode.getJsonObject("preview").getLong("connected")).isEqualTo(1);
    assertThat(byMode.getJsonObject("progressive").getLong("remaining")).isEqualTo(3);
    assertThat(byMode.getJsonObject("progressive").getLong("campaigns")).isEqualTo(1);
    assertThat(byMode.getJsonObject("preview").getJsonObject("skipReasons").getMap())
        .isEqualTo(Map.of("not-now", 2, "timeout", 1));
    assertThat(byMode.getJsonObject("progressive").getLong("notDialed")).isEqualTo(2);
  }

  @Test
  void theCsvHasAColumnPerReason() {
    Res r = api.as(SUPERVISOR).header("Accept", "text/csv").get("/api/v1/reports/campaigns");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/csv");
    String[] lines = r.raw().body().split("\r\n");
    assertThat(lines[0]).isEqualTo("campaign,name,queue,mode,status,dialed,connected,abandoned,abandonRate,"
        + "remaining,skips,notDialed,skipReasons.not-now,skipReasons.timeout,notDialedReasons.blocked-number,"
        + "notDialedReasons.do-not-call,notDialedReasons.max-attempts,notDialedReasons.outside-calling-hours");
    assertThat(lines).hasSize(4);
    assertThat(lines[1]).isEqualTo(progressive + ",Alpha,outbound,progressive,ready,3,1,0,0,3,0,2,0,0,0,1,1,1");
    assertThat(lines[2]).isEqualTo(predictive + ",Beta,outbound,predictive,ready,5,2,2,0.3333,0,0,1,0,0,1,0,0,0");
    assertThat(lines[3]).isEqualTo(preview + ",Gamma,renewals,preview,ready,1,1,0,0,2,3,1,2,1,0,1,0,0");
  }

  @Test
  void aTeamLeaderSeesTheCampaignsOfItsTeamsQueuesOnly() {
    Res r = api.as(new Caller(TENANT, "tina", "team-leader")).get("/api/v1/reports/campaigns");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getJsonArray("rows")).hasSize(1);
    assertThat(r.json().getJsonArray("rows").getJsonObject(0).getString("campaign")).isEqualTo(preview);
    assertThat(r.json().getJsonObject("byMode").fieldNames()).containsExactly("preview");
  }

  @Test
  void aParameterIsRefusedByNameAndAnAgentIsRefused() {
    assertThat(api.as(SUPERVISOR).get("/api/v1/reports/campaigns?mode=preview").fields()).containsExactly("mode");
    assertThat(api.as(new Caller(TENANT, "a1", "agent")).get("/api/v1/reports/campaigns").status()).isEqualTo(403);
  }

  private static List<Object> row(JsonArray rows, int i) {
    JsonObject o = rows.getJsonObject(i);
    return List.of(o.getString("name"), o.getString("mode"), o.getLong("dialed"), o.getLong("connected"),
        o.getLong("abandoned"), o.getDouble("abandonRate"), o.getLong("remaining"));
  }

  private static String create(PgCampaignStore store, String name, String queue, String mode, String list)
      throws Exception {
    return store.create(TENANT, new Campaign.Fields(name, queue, List.of(list), mode, "UTC",
        new CallingHours(LocalTime.of(8, 0), LocalTime.of(21, 0)), RetryRules.DEFAULT, List.of(), null,
        CampaignSchedule.ALWAYS, null)).id();
  }

  /** {@code n} contacts of the campaign, the first {@code done} of them done. */
  private static void contacts(String campaign, String list, int n, int done) throws Exception {
    for (int i = 1; i <= n; i++) {
      sql("INSERT INTO campaign_contacts (tenant, campaign_id, list_id, contact_id, done) VALUES (?, ?::uuid, "
          + "?::uuid, " + i + ", " + (i <= done) + ")", TENANT, campaign, list);
    }
  }

  private static int seq;

  /** A settled attempt as the pacer writes it (PgCampaignStore.settle), {@code daysAgo} days before NOW. */
  private static void attempt(String campaign, String outcome, int daysAgo) throws Exception {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO "
        + "campaign_attempts (tenant, call_id, campaign_id, contact, outcome, answered, abandoned, settled_at) "
        + "VALUES (?, ?, ?::uuid, 'l:1', ?, ?, ?, ?)")) {
      s.setString(1, TENANT);
      s.setString(2, "cmp-" + ++seq);
      s.setString(3, campaign);
      s.setString(4, outcome);
      s.setBoolean(5, "answered".equals(outcome) || "abandoned".equals(outcome));
      s.setBoolean(6, "abandoned".equals(outcome));
      s.setTimestamp(7, Timestamp.from(NOW.minus(Duration.ofDays(daysAgo))));
      s.executeUpdate();
    }
  }

  /** A row of campaign_not_dialed as the pacer writes it (PgCampaignStore.notDialed). */
  private static void notDialed(String campaign, String contact, String kind, String reason, String callId)
      throws Exception {
    sql("INSERT INTO campaign_not_dialed (tenant, campaign_id, contact, kind, reason, call_id) VALUES (?, ?::uuid, ?, "
        + "?, ?, ?)", TENANT, campaign, contact, kind, reason, callId);
  }

  private static void sql(String statement, String... args) throws Exception {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }
}
