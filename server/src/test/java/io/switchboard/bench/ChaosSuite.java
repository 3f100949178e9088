package io.switchboard.bench;

import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.ChildNode;
import io.switchboard.support.SentinelRedis;
import io.switchboard.support.SippCaller;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The chaos suite: two nodes (child JVMs) on Redis with Sentinel (master, replica, three sentinels), agents on
 * WebSockets and sipp callers, all driven from outside the nodes; under load one fault: a node killed with
 * SIGKILL, the Redis master killed, or a node paused (SIGSTOP) past its TTL and resumed. The report counts what a
 * call center cares about: calls offered, answered, routed twice, agents booked twice, abandoned, lost (with the
 * node that held them, against the calls that node held at the fault), callers not answered, agents stuck, and
 * the time until routing resumed.
 *
 * <p>Run with a plain {@code java -cp} on the test class path (docs/benchmarks.md, "Chaos"); arguments
 * {@code [quick|full [KILL_NODE|KILL_REDIS_MASTER|PAUSE_NODE]]}. {@code ChaosIT} runs
 * the quick form in CI.
 */
public final class ChaosSuite {
  public enum Fault { KILL_NODE, KILL_REDIS_MASTER, PAUSE_NODE }

  /**
   * Load of one run: agents (half on each node), callers dialed every {@code callIntervalMs}, talk time, and how
   * long a caller waits in all before giving up (long enough that nobody gives up unless its call was lost). Both
   * forms offer calls faster than the agents answer them, so calls are waiting when the fault comes.
   */
  public record Load(int agents, int callers, long callIntervalMs, long talkMs, int patienceSeconds) {
    public static Load quick() {
      return new Load(4, 16, 250, 3000, 40);
    }

    public static Load full() {
      return new Load(20, 120, 100, 4000, 100);
    }
  }

  /**
   * What one run measured. {@code lostExpected}: unanswered calls the faulty node held at the fault;
   * {@code answeredInWindow}: of those, the ones an agent answered after the fault but before the node was found
   * dead (no node can know before its TTL): they ended with the node ("node-lost"), or the agent hung up first.
   */
  public record Report(Fault fault, Load load, int offered, int answered, int routedTwice, int offersWhileBusy,
      int abandoned, int lost, int lostExpected, int answeredInWindow, Map<String, Integer> lostByNode,
      int callersRefused, int callersNotAnswered,
      int agentsStuck, long routingResumedMs, long victimAgentsOfferedAfterMs, String diagnostics) {

    String row() {
      return String.format("| %s | %d agents, %d callers | %d | %d | %d | %d | %d | %d (%s) | %d | %d | %d | %d "
          + "| %d | %d ms | %s |",
          fault.name().toLowerCase().replace('_', ' '), load.agents(), load.callers(), offered, answered, routedTwice,
          offersWhileBusy, abandoned, lost, lostByNode.isEmpty() ? "-" : lostByNode, lostExpected, answeredInWindow,
          callersRefused, callersNotAnswered, agentsStuck, routingResumedMs,
          victimAgentsOfferedAfterMs < 0 ? "-" : victimAgentsOfferedAfterMs + " ms");
    }
  }

  static final String HEADER = "| fault | load | offered | answered | routed twice | agents booked twice | abandoned "
      + "| lost (by node) | unanswered on the faulty node at the fault | of those, answered in the detection window "
      + "| callers refused (503) | callers not answered (on other nodes) | agents stuck | routing resumed after | the faulty node's agents offered again after |\n"
      + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  private static final String ADMIN_PASSWORD = "chaos-admin-password";
  private static final String AGENT_PASSWORD = "chaos-agent-password";

  private ChaosSuite() {}

  public static void main(String[] args) throws Exception {
    Load load = args.length > 0 && args[0].equals("quick") ? Load.quick() : Load.full();
    List<Fault> faults = args.length > 1 ? List.of(Fault.valueOf(args[1])) : List.of(Fault.values());
    List<Report> reports = new ArrayList<>();
    for (Fault f : faults) {
      reports.add(run(f, load));
      System.out.println(HEADER + "\n" + reports.get(reports.size() - 1).row());
    }
    System.out.println("\n" + HEADER);
    reports.forEach(r -> System.out.println(r.row()));
    System.exit(0);
  }

  /** One run on fresh Redis and nodes; everything is stopped afterwards. */
  public static Report run(Fault fault, Load load) throws Exception {
    AgentBot.reset();
    List<AutoCloseable> open = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try (SentinelRedis redis = SentinelRedis.start()) {
      Map<String, String> settings = Map.of("redis.uri", redis.uri(), "demo.data", "true",
          "bootstrap.admin.password", ADMIN_PASSWORD, "sip.overload.max-wait-ms", "0");
      ChildNode n1 = ChildNode.start("chaos-1", settings);
      open.add(n1);
      ChildNode n2 = ChildNode.start("chaos-2", settings);
      open.add(n2);
      RedisConnections r = RedisConnections.connect(redis.uri(), Duration.ofSeconds(5));
      open.add(r);
      List<String> agents = provision(n1.httpPort, load.agents());
      WebSocketClient client = vertx.createWebSocketClient();
      List<AgentBot> bots = new ArrayList<>();
      for (int i = 0; i < agents.size(); i++) {
        ChildNode home = i % 2 == 0 ? n1 : n2;
        ChildNode other = home == n1 ? n2 : n1;
        AgentBot bot = new AgentBot(agents.get(i), AGENT_PASSWORD, client,
            () -> home.alive() ? home.httpPort : other.httpPort, load.talkMs());
        bots.add(bot);
        Thread t = new Thread(bot, "agent-" + agents.get(i));
        t.setDaemon(true);
        t.start();
      }
      Thread.sleep(3000); // every bot connected and available
      return drive(fault, load, redis, n1, n2, r, bots, open);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          // best effort
        }
      }
      vertx.close();
    }
  }

  private static Report drive(Fault fault, Load load, SentinelRedis redis, ChildNode n1, ChildNode n2,
      RedisConnections r, List<AgentBot> bots, List<AutoCloseable> open) throws Exception {
    List<SippCaller> callers = new ArrayList<>();
    Set<SippCaller> onFaulty = new HashSet<>();
    Set<String> heldAtFault = Set.of();
    long faultAt = 0;
    boolean n1Up = true;
    boolean n2Up = true;
    for (int i = 0; i < load.callers(); i++) {
      if (i == load.callers() / 2) {
        ChildNode victim = fault == Fault.PAUSE_NODE ? n2 : n1;
        heldAtFault = fault == Fault.KILL_REDIS_MASTER ? Set.of() : unansweredOn(r, victim.id);
        faultAt = System.nanoTime();
        switch (fault) {
          case KILL_NODE -> {
            n1.kill();
            n1Up = false;
          }
          case KILL_REDIS_MASTER -> redis.killMaster();
          case PAUSE_NODE -> {
            n2.pause();
            n2Up = false;
          }
        }
      }
      if (fault == Fault.PAUSE_NODE && !n2Up && System.nanoTime() - faultAt > TimeUnit.SECONDS.toNanos(10)) {
        n2.resume();
        n2Up = true;
      }
      ChildNode target = !n1Up ? n2 : !n2Up ? n1 : (i % 2 == 0 ? n1 : n2);
      SippCaller c = dialOnce(target, load);
      callers.add(c);
      if (target == (fault == Fault.PAUSE_NODE ? n2 : n1) && faultAt == 0) {
        onFaulty.add(c); // dialed before the fault, to the node it hits
      }
      open.add(c);
      Thread.sleep(load.callIntervalMs());
    }
    if (!n2Up) {
      Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(10) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt)));
      n2.resume();
    }
    int notAnswered = 0;
    int refused = 0;
    int offered = callers.size();
    StringBuilder diagnostics = new StringBuilder();
    for (SippCaller c : callers) {
      if (!c.awaitEnd(load.patienceSeconds() + 10)) {
        if (c.neverDialed()) {
          System.out.println("chaos: a sipp process could not start (its port was taken); not a call, not counted");
          offered--;
        } else if (c.refused()) {
          refused++;
        } else if (fault == Fault.KILL_REDIS_MASTER || !onFaulty.contains(c)) {
          notAnswered++; // callers the fault's node held are the lost ones, counted apart
          if (notAnswered <= 2) {
            diagnostics.append("a caller not answered, sipp says:\n").append(c.logTail(1500)).append('\n');
          }
        }
      }
    }
    Thread.sleep(3000);
    bots.forEach(AgentBot::stop);
    if (notAnswered > 0) {
      diagnostics.append(unendedCalls(r)).append(warnings(n1)).append(warnings(n2));
      System.out.println("chaos: " + diagnostics);
    }
    return report(fault, load, r, offered, heldAtFault, refused, notAnswered, faultAt, diagnostics.toString());
  }

  /** A sipp caller that really sent its INVITE (sipp is started again when the port it was given was taken). */
  private static SippCaller dialOnce(ChildNode target, Load load) throws Exception {
    for (int attempt = 0; ; attempt++) {
      SippCaller c = SippCaller.dial("+15550100", target.sipPort, load.patienceSeconds());
      Thread.sleep(50);
      if (attempt == 4 || !c.neverDialed()) {
        return c;
      }
      c.close();
    }
  }

  private static Report report(Fault fault, Load load, RedisConnections r, int offered, Set<String> heldAtFault,
      int refused, int notAnswered, long faultAt, String diagnostics) throws Exception {
    int abandoned = 0;
    int lost = 0;
    Map<String, Integer> lostByNode = new HashMap<>();
    for (var e : r.commands().xrange(Keys.events("demo"), io.lettuce.core.Range.create("-", "+"))
        .toCompletableFuture().get(10, TimeUnit.SECONDS)) {
      String type = e.getBody().get("type");
      if ("call.abandoned".equals(type)) {
        abandoned++;
      } else if ("call.lost".equals(type)) {
        lost++;
        lostByNode.merge(e.getBody().get("from"), 1, Integer::sum);
      }
    }
    int routedTwice = (int) AgentBot.ANSWERED.values().stream().filter(a -> a.size() > 1).count();
    long firstAfter = AgentBot.ACCEPT_NANOS.stream().filter(t -> t > faultAt).findFirst().orElse(0L);
    long resumed = firstAfter == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstAfter - faultAt);
    int inWindow = 0;
    String p = Keys.tenant("demo") + ":acd:call:";
    for (String id : heldAtFault) {
      Map<String, String> c = r.commands().hgetall(p + id).toCompletableFuture().get(5, TimeUnit.SECONDS);
      if ("ended".equals(c.get("state"))) {
        inWindow++; // unanswered at the fault, so answered after it: in the window (node-lost, or hung up first)
      }
    }
    return new Report(fault, load, offered, AgentBot.ANSWERED.size(),
        routedTwice, AgentBot.OFFERS_WHILE_BUSY.get(), abandoned, lost, heldAtFault.size(), inWindow, lostByNode,
        refused, notAnswered, stuckAgents(r), resumed, victimAgentsOffered(fault, faultAt), diagnostics);
  }

  /**
   * The latest, over the agents whose socket was on the faulty node (even-numbered on chaos-1, odd on chaos-2), of
   * their first offer after the fault: how long until every one of them worked again; -1 for the Redis fault.
   */
  private static long victimAgentsOffered(Fault fault, long faultAt) {
    if (fault == Fault.KILL_REDIS_MASTER) {
      return -1;
    }
    int parity = fault == Fault.KILL_NODE ? 1 : 0; // chaos-01 (index 0) is on chaos-1
    long latest = 0;
    for (var e : AgentBot.OFFER_NANOS.entrySet()) {
      int n = Integer.parseInt(e.getKey().substring("chaos-".length()));
      if (n % 2 == parity) {
        long first = e.getValue().stream().filter(t -> t > faultAt).findFirst().orElse(Long.MAX_VALUE);
        latest = Math.max(latest, first == Long.MAX_VALUE ? Long.MAX_VALUE : first - faultAt);
      }
    }
    return latest == Long.MAX_VALUE ? Long.MAX_VALUE / 1_000_000 : TimeUnit.NANOSECONDS.toMillis(latest);
  }

  /** Waiting or offered calls whose SIP leg {@code node} holds now (what a fault there must count as lost). */
  private static Set<String> unansweredOn(RedisConnections r, String node) throws Exception {
    Set<String> out = new HashSet<>();
    String p = Keys.tenant("demo") + ":acd:";
    for (String id : r.commands().smembers(p + "node:" + node + ":calls").toCompletableFuture().get(5, TimeUnit.SECONDS)) {
      String state = r.commands().hget(p + "call:" + id, "state").toCompletableFuture().get(5, TimeUnit.SECONDS);
      if ("waiting".equals(state) || "reserved".equals(state)) {
        out.add(id);
      }
    }
    return out;
  }

  /** For a failure's message: the ACD's calls that have not ended, with their state, agent and node. */
  private static String unendedCalls(RedisConnections r) throws Exception {
    StringBuilder out = new StringBuilder("calls not ended in the ACD:");
    String p = Keys.tenant("demo") + ":acd:call:";
    for (String key : r.commands().keys(p + "*").toCompletableFuture().get(5, TimeUnit.SECONDS)) {
      Map<String, String> c = r.commands().hgetall(key).toCompletableFuture().get(5, TimeUnit.SECONDS);
      if (!"ended".equals(c.get("state")) && c.containsKey("state")) {
        out.append("\n  ").append(key.substring(p.length())).append(' ').append(c);
      }
    }
    return out.append('\n').toString();
  }

  /** For a failure's message: a node's warnings and errors, without the Redis client's reconnection chatter. */
  private static String warnings(ChildNode node) throws java.io.IOException {
    List<String> lines = node.output().lines()
        .filter(l -> (l.contains(" WARN ") || l.contains(" ERROR ")) && !l.contains("ConnectionWatchdog")
            && !l.contains("reconnect"))
        .toList();
    return "warnings of " + node.id + " (last 30 of " + lines.size() + "):\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
  }

  /** Agents the ACD still has reserved or on a call once every caller is gone: nobody can free them. */
  private static int stuckAgents(RedisConnections r) throws Exception {
    int stuck = 0;
    for (String state : List.of("reserved", "on-call")) {
      stuck += r.commands().scard(Keys.tenant("demo") + ":acd:agents:" + state)
          .toCompletableFuture().get(5, TimeUnit.SECONDS).intValue();
    }
    return stuck;
  }

  /** Agents chaos-01.. serving support, through the admin API. */
  private static List<String> provision(int httpPort, int count) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String token = io.switchboard.support.TestNodes.login(httpPort, "demo", "admin", ADMIN_PASSWORD);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = String.format("chaos-%02d", i);
      JsonObject body = new JsonObject().put("username", id).put("displayName", "Chaos " + i)
          .put("roles", new io.vertx.core.json.JsonArray().add("agent"))
          .put("skills", new JsonObject().put("support", 3)).put("languages", new io.vertx.core.json.JsonArray().add("en"))
          .put("queues", new io.vertx.core.json.JsonArray().add("support")).put("password", AGENT_PASSWORD);
      HttpResponse<String> res = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + httpPort + "/api/v1/agents/" + id))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() / 100 != 2) {
        throw new IllegalStateException("PUT agent " + id + ": " + res.statusCode() + " " + res.body());
      }
      ids.add(id);
    }
    return ids;
  }
}
