package io.switchboard.bench;

import ch.qos.logback.classic.Level;
import io.switchboard.Node;
import io.switchboard.support.ApiClient;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Issue 17's target, live: a predictive campaign on a real node against SIP peers answering at a set rate
 * (docs/benchmarks.md, "Predictive pacing", "Live, with SIP peers").
 *
 * <p>Two JVMs and sipp: a <b>node</b> JVM (the whole {@link Node} with its embedded Redis and an embedded PostgreSQL
 * database of its own, as {@link TestNodes#loopback} starts it, demo tenant), this driver, and one sipp UAS
 * ({@link PredictivePeers}) behind the tenant's trunk. The driver provisions through the admin API a trunk to the
 * peer, the dial policy, a queue and {@code bench.agents} agents (20); imports {@code bench.contacts} contacts (1,000)
 * through the contact-list API, spread over time zones open for the whole run and one closed for all of it (10 %),
 * 5 % of the numbers on the do-not-call list (half the tenant's, half the campaign's own); creates a predictive
 * campaign (cap {@code bench.cap} %, 3) and starts it with the agents ({@link PacingAgents}) available.
 *
 * <p>Time is scaled so a run fits 10–20 minutes: talk 30–150 s and wrap-up 5 s are multiplied by
 * {@code bench.talkScale} (0.25), as are the retry delays (busy 300 s, no answer 3600 s, failed 600 s); the callees'
 * ring times (answer after 2–10 s, busy after 1–3 s) and the node's no-answer timeout (45 s) by
 * {@code bench.ringScale} (1). The grace time (2 s) and the pacing knobs are the node's reference settings.
 *
 * <p>The campaign runs until it completes or {@code bench.minutes} (15) pass, then is stopped and its calls in
 * flight end. Measured: from the node (the campaign's progress every 5 s, the campaigns report at the end) attempts,
 * connected, abandoned and the abandon rate; from the agents' own clocks the idle time between calls; from the
 * peer's message log the INVITEs per number (the do-not-call and closed-zone numbers among them must be 0) and the
 * calls ringing. Prints the figures and the pacing curve (one row a minute), and writes the curve to
 * {@code server/target/predictive-live-curve.csv}.
 *
 * <p>Run (from the repository root): {@code mvn -B -o -q -pl server -am test-compile dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=$PWD/server/target/bench.cp && java -cp
 * server/target/test-classes:server/target/classes:$(cat server/target/bench.cp)
 * io.switchboard.bench.PredictiveLiveBenchmark}. Needs {@code sipp} on the PATH.
 */
public final class PredictiveLiveBenchmark {
  private static final String ADMIN_PASSWORD = "predictive-live-admin-1";
  private static final String AGENT_PASSWORD = "predictive-live-agent-1";
  private static final String QUEUE = "predictive-live";
  private static final int SAMPLE_MS = 5000;

  private final int port;
  private final ApiClient api;
  private String admin;
  private long adminAt;
  private final Settings s;
  /** Access tokens last 15 min (auth.access-token.ttl-seconds); the admin's and the agents' are renewed every 10. */
  private static final long RENEW_MS = TimeUnit.MINUTES.toMillis(10);

  /** The run's knobs, from system properties. */
  record Settings(int contacts, int agents, int answerPercent, double talkScale, double ringScale, int minutes,
      double cap) {
    static Settings fromProperties() {
      return new Settings(Integer.getInteger("bench.contacts", 1000), Integer.getInteger("bench.agents", 20),
          Integer.getInteger("bench.answerPercent", 30), Double.parseDouble(System.getProperty("bench.talkScale",
          "0.25")), Double.parseDouble(System.getProperty("bench.ringScale", "1")),
          Integer.getInteger("bench.minutes", 15), Double.parseDouble(System.getProperty("bench.cap", "3")));
    }

    int seconds(double base, double scale) {
      return (int) Math.max(1, Math.round(base * scale));
    }
  }

  /** One sample of the run: epoch ms, agents free (the agents' view) and the campaign's progress. */
  record Sample(long at, int free, JsonObject progress) {}

  private PredictiveLiveBenchmark(int port, Settings s) throws Exception {
    this.port = port;
    this.api = new ApiClient(port);
    this.admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
    this.adminAt = System.currentTimeMillis();
    this.s = s;
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    Settings s = Settings.fromProperties();
    if (args.length > 0 && args[0].equals("node")) {
      node(s);
      return;
    }
    BenchMachine.runAndExit(() -> {
      System.out.println(BenchMachine.describe());
      Path dir = Files.createTempDirectory("predictive-live");
      NodeChild node = NodeChild.start(s);
      try (PredictivePeers peers = PredictivePeers.start(dir, s.answerPercent(), s.ringScale())) {
        System.out.println("sipp peers on 127.0.0.1:" + peers.port + ", log in " + dir);
        new PredictiveLiveBenchmark(node.port, s).run(peers);
      } finally {
        node.stop();
      }
      return 0;
    });
  }

  private void run(PredictivePeers peers) throws Exception {
    provision(peers.port);
    Contacts contacts = Contacts.make(s.contacts(), s.minutes() + 20);
    System.out.printf("contacts: %d; open zones %s; closed zone %s (%d contacts); do-not-call %d%n", s.contacts(),
        contacts.openZones(), contacts.closedZone(), contacts.closed().size(), contacts.doNotCall().size());
    String campaign = campaign(contacts);
    Vertx vertx = Vertx.vertx();
    PacingAgents agents = new PacingAgents(vertx, new long[] {Math.round(30_000 * s.talkScale()),
        Math.round(150_000 * s.talkScale())}, Math.round(5000 * s.talkScale()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < s.agents(); i++) {
      ids.add(agentId(i));
    }
    agents.connect(port, ids, AGENT_PASSWORD);
    String loadBefore = BenchMachine.loadavg();
    long startedAt = System.currentTimeMillis();
    check(api.send("POST", "/api/v1/campaigns/" + campaign + "/start", admin, null, null));
    List<Sample> samples = follow(campaign, agents, startedAt);
    String loadAtEnd = BenchMachine.loadavg();
    JsonObject row = reportRow(campaign);
    LiveReport report = new LiveReport(s, startedAt, samples, peers.calls(), contacts, agents, row);
    report.print(loadBefore, loadAtEnd);
    report.writeCurve(Path.of("server/target/predictive-live-curve.csv"));
    agents.close();
    vertx.close();
  }

  /** Samples every 5 s until the campaign completes or time is up; then stops it and waits for its calls to end. */
  private List<Sample> follow(String campaign, PacingAgents agents, long startedAt) throws Exception {
    List<Sample> samples = new ArrayList<>();
    long endAt = startedAt + TimeUnit.MINUTES.toMillis(s.minutes());
    boolean stopped = false;
    long drainUntil = Long.MAX_VALUE;
    while (true) {
      Thread.sleep(SAMPLE_MS);
      if (System.currentTimeMillis() - adminAt > RENEW_MS) {
        admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
        adminAt = System.currentTimeMillis();
        agents.renewTokens(port, AGENT_PASSWORD);
      }
      JsonObject p = check(api.get("/api/v1/campaigns/" + campaign + "/progress", admin)).json();
      long now = System.currentTimeMillis();
      samples.add(new Sample(now, agents.free(), p));
      if (samples.size() % 12 == 0) {
        System.out.printf("%5.1f min: free agents %d, %s (load %s)%n", (now - startedAt) / 60_000.0, agents.free(),
            p.encode(), BenchMachine.loadavg());
      }
      boolean done = "completed".equals(p.getString("status")) || "stopped".equals(p.getString("status"));
      if (!stopped && (done || now >= endAt)) {
        if (!done) {
          check(api.send("POST", "/api/v1/campaigns/" + campaign + "/stop", admin, null, null));
          System.out.printf("stopped after %.1f min%n", (now - startedAt) / 60_000.0);
        }
        stopped = true;
        drainUntil = now + TimeUnit.MINUTES.toMillis(3);
      }
      if (stopped && ((p.getLong("inFlight", 1L) == 0 && agents.free() == s.agents()) || now > drainUntil)) {
        return samples;
      }
    }
  }

  private void provision(int peerPort) {
    check(api.put("/api/v1/trunks/peers", admin, new JsonObject().put("name", "SIP peers")
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", peerPort)))
        .put("allowedSources", new JsonArray().add("127.0.0.1")).encode()));
    check(api.put("/api/v1/dial-policies/default", admin, new JsonObject().put("defaultCountry", "US")
        .put("defaultCallerId", "+15550100").put("trunk", "peers").encode()));
    check(api.put("/api/v1/queues/" + QUEUE, admin, new JsonObject().put("name", "Predictive live")
        .put("wrapUpSeconds", 60).encode()));
    for (int i = 0; i < s.agents(); i++) {
      check(api.put("/api/v1/agents/" + agentId(i), admin, new JsonObject().put("username", agentId(i))
          .put("displayName", "Agent " + i).put("password", AGENT_PASSWORD)
          .put("queues", new JsonArray().add(QUEUE)).encode()));
    }
  }

  /** Imports the contacts, lists the do-not-call numbers and creates the campaign; returns its id. */
  private String campaign(Contacts c) {
    ApiClient.Res list = check(api.post("/api/v1/contact-lists", admin, new JsonObject().put("name", "Leads")
        .encode()));
    String listId = list.json().getString("id");
    ApiClient.Res imported = check(api.csv("/api/v1/contact-lists/" + listId + "/import", admin, c.csv()));
    System.out.println("import: " + imported.body());
    JsonArray own = new JsonArray();
    int i = 0;
    for (String number : c.doNotCall()) {
      if (i++ % 2 == 0) {
        check(api.put("/api/v1/do-not-call/" + number.replace("+", "%2B"), admin,
            new JsonObject().put("reason", "asked not to be called").encode()));
      } else {
        own.add(number);
      }
    }
    JsonObject retry = new JsonObject()
        .put("busy", rule(s.seconds(300, s.talkScale()), 3))
        .put("noAnswer", rule(s.seconds(3600, s.talkScale()), 3))
        .put("failed", rule(s.seconds(600, s.talkScale()), 2));
    ApiClient.Res created = check(api.post("/api/v1/campaigns", admin, new JsonObject().put("name", "Live")
        .put("queue", QUEUE).put("listIds", new JsonArray().add(listId)).put("mode", "predictive")
        .put("abandonCapPercent", s.cap()).put("retry", retry).put("doNotCall", own).encode()));
    return created.json().getString("id");
  }

  private static JsonObject rule(int delaySeconds, int maxAttempts) {
    return new JsonObject().put("delaySeconds", delaySeconds).put("maxAttempts", maxAttempts);
  }

  private JsonObject reportRow(String campaign) {
    JsonArray rows = check(api.get("/api/v1/reports/campaigns", admin)).json().getJsonArray("rows");
    for (int i = 0; i < rows.size(); i++) {
      if (campaign.equals(rows.getJsonObject(i).getString("campaign"))) {
        return rows.getJsonObject(i);
      }
    }
    throw new IllegalStateException("no report row for campaign " + campaign);
  }

  private static String agentId(int i) {
    return "pl-agent-" + i;
  }

  private static ApiClient.Res check(ApiClient.Res r) {
    if (r.status() / 100 != 2) {
      throw new IllegalStateException(r.status() + " " + r.body());
    }
    return r;
  }

  /**
   * The contact list: numbers +1 415 2xx xxxx, one in 20 on the do-not-call list, one in 10 in a zone closed for
   * the whole run, the others spread over the zones open for all of it (calling hours 08:00–21:00, with a margin).
   */
  record Contacts(List<String> numbers, List<String> zones, List<String> openZones, String closedZone,
      Set<String> closed, Set<String> doNotCall) {
    private static final List<String> CANDIDATES = List.of("America/New_York", "America/Chicago", "America/Denver",
        "America/Los_Angeles", "Pacific/Honolulu", "Europe/London", "Europe/Berlin", "Europe/Moscow", "Asia/Dubai",
        "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland");

    static Contacts make(int n, int runMinutes) {
      Instant now = Instant.now();
      Instant end = now.plusSeconds(60L * runMinutes);
      List<String> open = new ArrayList<>();
      String closedZone = null;
      for (String z : CANDIDATES) {
        double a = hour(now, z);
        double b = hour(end, z);
        if (a >= 8.5 && b <= 20.5 && b > a) {
          open.add(z);
        } else if (closedZone == null && a >= 0.5 && b <= 6.5 && b > a) {
          closedZone = z;
        }
      }
      if (open.isEmpty() || closedZone == null) {
        throw new IllegalStateException("no open or no closed zone for the whole run among " + CANDIDATES);
      }
      List<String> numbers = new ArrayList<>();
      List<String> zones = new ArrayList<>();
      Set<String> closed = new HashSet<>();
      Set<String> dnc = new HashSet<>();
      for (int i = 0; i < n; i++) {
        String number = String.format("+1415%03d%04d", 201 + i / 10_000, i % 10_000);
        String zone = i % 10 == 3 ? closedZone : open.get(i % open.size());
        numbers.add(number);
        zones.add(zone);
        if (zone.equals(closedZone)) {
          closed.add(number);
        }
        if (i % 20 == 7) {
          dnc.add(number);
        }
      }
      return new Contacts(numbers, zones, open, closedZone, closed, dnc);
    }

    private static double hour(Instant t, String zone) {
      ZonedDateTime z = t.atZone(ZoneId.of(zone));
      return z.getHour() + z.getMinute() / 60.0;
    }

    String csv() {
      StringBuilder b = new StringBuilder("name,phone,timezone\n");
      for (int i = 0; i < numbers.size(); i++) {
        b.append("Contact ").append(i).append(',').append(numbers.get(i)).append(',').append(zones.get(i))
            .append('\n');
      }
      return b.toString();
    }
  }

  // ---- the node JVM ------------------------------------------------------------------------------------

  private static void node(Settings s) throws Exception {
    Map<String, String> settings = new HashMap<>(Map.of(
        "database.url", TestPostgres.newDatabase("predictive_live"),
        "bootstrap.admin.password", ADMIN_PASSWORD,
        "dial.no-answer-seconds", String.valueOf(s.seconds(45, s.ringScale()))));
    settings.putAll(TestNodes.randomRtpPorts(2000));
    Node node = TestNodes.loopback("predictive-live", settings);
    System.out.println("READY " + node.httpPort());
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null && !line.equals("STOP")) {
      // nothing else is asked
    }
    node.stop();
    System.exit(0);
  }

  /** The node in a child JVM on this class path (its output echoed with a {@code [node]} prefix). */
  private static final class NodeChild {
    final Process process;
    final PrintWriter in;
    int port;

    private NodeChild(Process p) {
      this.process = p;
      this.in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static NodeChild start(Settings s) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin"
          + File.separator + "java", "-Xmx1g", "-DSWITCHBOARD_LOG_LEVEL=WARN", "-Dvertx.disableDnsResolver=true",
          "-Dbench.ringScale=" + s.ringScale(), "-cp", System.getProperty("java.class.path"),
          PredictiveLiveBenchmark.class.getName(), "node"));
      NodeChild c = new NodeChild(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
      BufferedReader out = new BufferedReader(new InputStreamReader(c.process.getInputStream(),
          StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
        System.out.println("  [node] " + line);
      }
      if (line == null) {
        throw new IllegalStateException("the node exited before it was ready");
      }
      c.port = Integer.parseInt(line.substring(6).trim());
      Thread echo = new Thread(() -> {
        try {
          for (String l = out.readLine(); l != null; l = out.readLine()) {
            System.out.println("  [node] " + l);
          }
        } catch (java.io.IOException e) {
          // exited
        }
      }, "node-stdout");
      echo.setDaemon(true);
      echo.start();
      return c;
    }

    void stop() throws Exception {
      List<ProcessHandle> kids = process.descendants().toList();
      in.println("STOP");
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroy();
      }
      kids.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    }
  }
}
