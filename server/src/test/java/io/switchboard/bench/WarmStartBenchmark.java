package io.switchboard.bench;

import io.switchboard.auth.JwtTokens;
import io.switchboard.auth.Role;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.SipNode;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transport.SipOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The first calls after a node starts (issue 20, warm start): a fresh node process ({@link NodeProcess}, the
 * {@link BridgedNode} tenant) per start, {@code calls} agents on WebSockets (connected and available before the
 * first call), then {@code calls} real SIP calls one at a time from {@link BenchCallers}. Each call is timed from
 * just before its INVITE is handed to the callers' event loop to the {@code call.offered} naming its caller arriving
 * on an agent's socket (both {@link System#nanoTime()} in this JVM); the caller then hangs up (BYE) and the next call
 * starts 100 ms later. Reported per start: calls 1, 2, 3, 5, 10, the median of calls 50–100, and the first call's
 * ratio to that median. A call not offered within 15 s is reported failed (NaN) and left out of the median.
 *
 * <p>The driver's own first use is kept out of call 1: before each start's first call, its SIP stack sends one
 * INVITE to a local UAS that refuses it (486), and its WebSocket client has already carried the agents' handshakes.
 *
 * <p>Starts alternate between modes named by {@code -Dbench.modes=off,on} (default), each mode a set of node
 * settings: {@code off} runs the node with {@code warmup.enabled=false}, {@code on} with {@code warmup.enabled=true},
 * any other name (e.g. {@code default}) with the node's defaults.
 * Run (from the repository root, class path written to a file first):
 * {@code java -cp ... io.switchboard.bench.WarmStartBenchmark [startsPerMode] [calls]} (defaults 3, 100).
 */
public final class WarmStartBenchmark {
  private static final String SECRET = "warm-start-benchmark-secret-0123456789";

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, CompletableFuture<Long>> offered = new ConcurrentHashMap<>();

  private WarmStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int starts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    List<String> modes = List.of(System.getProperty("bench.modes", "off,on").split(","));
    try {
      new WarmStartBenchmark().runAll(starts, calls, modes);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);  // Vert.x threads would keep the JVM
    }
    System.exit(0);
  }

  private void runAll(int starts, int calls, List<String> modes) throws Exception {
    System.out.println(BenchMachine.describe());
    List<String> rows = new ArrayList<>();
    for (int s = 1; s <= starts; s++) {
      for (String mode : modes) {
        long[] lat = oneStart(mode, calls);
        rows.add(row(mode, s, lat));
        System.out.println(rows.get(rows.size() - 1));
      }
    }
    System.out.println();
    System.out.println("| warm-up | start | call 1 | call 2 | call 3 | call 5 | call 10 | median of calls 50–100 "
        + "| call 1 / median |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
    System.out.println("load average at the end " + BenchMachine.loadavg());
  }

  private long[] oneStart(String mode, int calls) throws Exception {
    // "off" / "on" set warmup.enabled; any other mode name runs the node with its defaults
    List<String> jvmArgs = new ArrayList<>(mode.equals("off") || mode.equals("on")
        ? List.of("-Dbench.node.warmup.enabled=" + mode.equals("on")) : List.of());
    // RTP ports apart from the default range: other tests on this machine may hold some of those
    io.switchboard.support.TestNodes.randomRtpPorts(4 * calls + 100)
        .forEach((k, v) -> jvmArgs.add("-Dbench.node." + k + "=" + v));
    long t0 = System.nanoTime();
    NodeProcess node = NodeProcess.start(SECRET, calls, jvmArgs);
    System.out.printf("node (warm-up %s) ready in %.1f s%n", mode, (System.nanoTime() - t0) / 1e9);
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
    List<ClientWebSocket> sockets = new ArrayList<>();
    try (BenchCallers callers = new BenchCallers(vertx, node.sipPort)) {
      connectAgents(client, node.httpPort, calls, sockets);
      warmDriver();
      long[] lat = new long[calls];
      for (int i = 0; i < calls; i++) {
        try {
          lat[i] = oneCall(callers, i);
        } catch (Exception e) {  // counted as failed (NaN), the run goes on
          System.out.printf("call %d failed: %s%n", i + 1, e);
          lat[i] = -1;
        }
        Thread.sleep(100);
      }
      return lat;
    } finally {
      sockets.forEach(ClientWebSocket::close);
      client.close();
      node.stop();
    }
  }

  /** INVITE → call.offered for caller {@code i}, in nanoseconds; the caller then hangs up. */
  private long oneCall(BenchCallers callers, int i) throws Exception {
    CompletableFuture<Long> got = new CompletableFuture<>();
    offered.put(BenchCallers.FROM_PREFIX + i, got);
    long t0 = System.nanoTime();
    Future<BenchCallers.Call> call = callers.call(i, BridgedNode.NUMBER, 40_000 + 2 * i);
    long at = got.get(15, TimeUnit.SECONDS);
    BenchCallers.Call c = call.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    int bye = callers.bye(c).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    if (bye != 200) {
      throw new IllegalStateException("BYE answered " + bye);
    }
    return at - t0;
  }

  /** The driver's SIP client paths used once (an INVITE refused by a local UAS), so call 1 times the node only. */
  private void warmDriver() throws Exception {
    TransactionUser refuse = new TransactionUser() {
      @Override
      public void onRequest(ServerTransaction tx) {
        tx.respond(486);
      }
    };
    try (SipNode uas = SipNode.start(vertx, SipOptions.DEFAULTS, refuse);
        BenchCallers warm = new BenchCallers(vertx, uas.transport.udpPort())) {
      warm.call(0, BridgedNode.NUMBER, 39_998).toCompletionStage().toCompletableFuture()
          .exceptionally(e -> null).get(10, TimeUnit.SECONDS);
    }
  }

  /** Agents b0..b(n-1), each available; an offer completes the waiting call named by its caller. */
  private void connectAgents(WebSocketClient client, int port, int n, List<ClientWebSocket> sockets)
      throws Exception {
    JwtTokens jwt = JwtTokens.start(SECRET, "switchboard", Clock.systemUTC());
    List<Future<Void>> ready = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String token = jwt.issue(JwtTokens.Type.ACCESS, BridgedNode.TENANT, BridgedNode.agentId(i), Set.of(Role.AGENT),
          null, Duration.ofHours(1)).token();
      ClientWebSocket ws = client.webSocket();
      Promise<Void> available = Promise.promise();
      ws.textMessageHandler(text -> {
        long now = System.nanoTime();
        JsonObject m = new JsonObject(text);
        switch (m.getString("type", "")) {
          case "hello" -> ws.writeTextMessage(new JsonObject().put("type", "state.set").put("id", "avail")
              .put("state", "available").encode());
          case "ack" -> {
            if ("avail".equals(m.getString("id"))) {
              available.tryComplete();
            }
          }
          case "call.offered" -> {
            CompletableFuture<Long> f = offered.remove(m.getString("caller", ""));
            if (f != null) {
              f.complete(now);
            }
          }
          default -> { }
        }
      });
      sockets.add(ws);
      ws.connect(port, "127.0.0.1", "/ws?access_token=" + token).onFailure(available::tryFail);
      ready.add(available.future());
    }
    Future.all(ready).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    jwt.close();
  }

  private static String row(String mode, int start, long[] lat) {
    double[] ms = Arrays.stream(lat).mapToDouble(n -> n < 0 ? Double.NaN : n / 1e6).toArray();
    double median = median(Arrays.stream(Arrays.copyOfRange(ms, Math.min(49, ms.length - 1), ms.length))
        .filter(x -> !Double.isNaN(x)).toArray());
    return String.format("| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f× |", mode,
        start, at(ms, 1), at(ms, 2), at(ms, 3), at(ms, 5), at(ms, 10), median, ms[0] / median);
  }

  private static double at(double[] ms, int call) {
    return call <= ms.length ? ms[call - 1] : Double.NaN;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
