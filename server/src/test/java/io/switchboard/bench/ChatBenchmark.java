package io.switchboard.bench;

import ch.qos.logback.classic.Level;
import io.switchboard.Node;
import io.switchboard.support.ApiClient;
import io.switchboard.support.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Many concurrent chats on one node (target: p99 below 100 ms at 1,000 chats; docs/benchmarks.md, "Chats").
 *
 * <p>Two JVMs: a <b>node</b> JVM (-Xmx1g: the whole {@link Node}, its embedded Redis and PostgreSQL, as
 * {@link TestNodes#loopback} starts it) and this driver. The driver provisions a chat queue and {@code chats / 3}
 * agents with room for 3 chats each (admin API), connects the agents' signaling sockets (available; each accepts
 * every chat offered), then opens one customer socket per chat on {@code /chat/ws} (a customer token each) and starts
 * the chat with a first line. With every chat accepted, each customer and each agent writes a line every
 * {@code bench.intervalMs} (5 s, from a random start) for {@code bench.seconds} (60); each line carries its send time
 * ({@code System.nanoTime}), read back where it arrives: customer → agent latency is send to receipt at the agent's
 * socket, agent → customer the same the other way. Lines sent in the first {@code bench.warmupSeconds} (10) are not
 * counted. Heap per chat: the node's heap after GC with the chats open minus before (agents connected), over chats.
 * Errors: {@code error} messages on any socket, lines never received (lost), chats not accepted.
 *
 * <p>Run (from the repository root): {@code mvn -B -o -q -pl server -am test-compile dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=$PWD/server/target/bench.cp && java -cp
 * server/target/test-classes:server/target/classes:$(cat server/target/bench.cp) io.switchboard.bench.ChatBenchmark}
 * ({@code -Dbench.chats=1000 -Dbench.seconds=60 -Dbench.intervalMs=5000}).
 */
public final class ChatBenchmark {
  private static final String SITE = "http://127.0.0.1:9931";
  private static final String ADMIN_PASSWORD = "chat-bench-admin-1";
  private static final String QUEUE = "bench-chat";

  private final int port;
  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client;
  private final ApiClient api;
  /** The agent socket holding each accepted chat. */
  private final Map<String, ClientWebSocket> agentOf = new ConcurrentHashMap<>();
  private final Map<String, ClientWebSocket> customerOf = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> toAgent = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> toCustomer = new ConcurrentLinkedQueue<>();
  private final AtomicLong sentCounted = new AtomicLong();
  private volatile long countFrom = Long.MAX_VALUE;
  private final AtomicInteger joined = new AtomicInteger();

  private ChatBenchmark(int port) {
    this.port = port;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
    this.api = new ApiClient(port);
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    if (args.length > 0 && args[0].equals("node")) {
      node();
      return;
    }
    int chats = Integer.getInteger("bench.chats", 1000);
    int seconds = Integer.getInteger("bench.seconds", 60);
    int intervalMs = Integer.getInteger("bench.intervalMs", 5000);
    int warmup = Integer.getInteger("bench.warmupSeconds", 10);
    NodeChild node = NodeChild.start();
    try {
      new ChatBenchmark(node.port).run(node, chats, seconds, intervalMs, warmup);
    } finally {
      node.stop();
    }
    System.exit(0);
  }

  private void run(NodeChild node, int chats, int seconds, int intervalMs, int warmup) throws Exception {
    String loadBefore = BenchMachine.loadavg();
    int agents = (chats + 2) / 3;
    provision(agents);
    connectAgents(agents);
    long before = Long.parseLong(node.ask("MEASURE"));
    long t0 = System.nanoTime();
    openChats(chats);
    double openSeconds = (System.nanoTime() - t0) / 1e9;
    long loaded = Long.parseLong(node.ask("MEASURE"));

    List<Long> timers = new ArrayList<>();
    for (String chatId : agentOf.keySet()) {
      timers.add(every(intervalMs, () -> customerOf.get(chatId).writeTextMessage(new JsonObject()
          .put("type", "send").put("text", stamp()).encode())));
      timers.add(every(intervalMs, () -> agentOf.get(chatId).writeTextMessage(new JsonObject()
          .put("type", "chat.send").put("id", "s").put("chatId", chatId).put("text", stamp()).encode())));
    }
    countFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    Thread.sleep(TimeUnit.SECONDS.toMillis(warmup + seconds));
    timers.forEach(vertx::cancelTimer);
    String loadDuring = BenchMachine.loadavg();
    Thread.sleep(3000);  // lines in flight arrive
    report(chats, agents, seconds, intervalMs, openSeconds, before, loaded, loadBefore, loadDuring);
  }

  /** The text of a line: its send time, counted when sent after the warm-up. */
  private String stamp() {
    long now = System.nanoTime();
    if (now >= countFrom) {
      sentCounted.incrementAndGet();
    }
    return "t=" + now;
  }

  private void received(String text, ConcurrentLinkedQueue<Long> into) {
    long now = System.nanoTime();
    if (text != null && text.startsWith("t=")) {
      long sent = Long.parseLong(text.substring(2));
      if (sent >= countFrom) {
        into.add(now - sent);
      }
    }
  }

  private long every(int intervalMs, Runnable send) {
    long first = 1 + ThreadLocalRandom.current().nextInt(intervalMs);
    return vertx.setPeriodic(first, intervalMs, t -> send.run());
  }

  private void provision(int agents) throws Exception {
    String admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
    check(api.put("/api/v1/queues/" + QUEUE, admin, new JsonObject().put("name", "Bench chats").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(SITE)).encode()));
    for (int i = 0; i < agents; i++) {
      check(api.put("/api/v1/agents/" + agentId(i), admin, new JsonObject().put("username", agentId(i))
          .put("displayName", "Agent " + i).put("password", "bench-pass-1").put("queues", new JsonArray().add(QUEUE))
          .put("chatCapacity", 3).encode()));
    }
  }

  private static String agentId(int i) {
    return "chat-agent-" + i;
  }

  private static void check(ApiClient.Res r) {
    if (r.status() / 100 != 2) {
      throw new IllegalStateException(r.status() + " " + r.body());
    }
  }

  private void connectAgents(int agents) throws Exception {
    List<Future<Void>> ready = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String token = TestNodes.login(port, "demo", agentId(i), "bench-pass-1");
      ClientWebSocket ws = client.webSocket();
      Promise<Void> available = Promise.promise();
      ws.textMessageHandler(text -> onAgent(ws, new JsonObject(text), available));
      ws.connect(port, "127.0.0.1", "/ws?access_token=" + token).onFailure(available::tryFail);
      ready.add(available.future());
    }
    Future.all(ready).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  private void onAgent(ClientWebSocket ws, JsonObject m, Promise<Void> available) {
    switch (m.getString("type", "")) {
      case "hello" -> ws.writeTextMessage(new JsonObject().put("type", "state.set").put("id", "avail")
          .put("state", "available").encode());
      case "ack" -> {
        if ("avail".equals(m.getString("id"))) {
          available.tryComplete();
        }
      }
      case "chat.offered" -> ws.writeTextMessage(new JsonObject().put("type", "chat.accept").put("id", "acc")
          .put("chatId", m.getString("chatId")).encode());
      case "chat.accepted" -> agentOf.put(m.getString("chatId"), ws);
      case "chat.message" -> {
        if ("customer".equals(m.getString("from"))) {
          received(m.getString("text"), toAgent);
        }
      }
      case "error" -> error("agent " + m.getString("code"));
      default -> { }
    }
  }

  private void openChats(int chats) throws Exception {
    Semaphore window = new Semaphore(50);
    for (int i = 0; i < chats; i++) {
      window.acquire();
      String token = api.send("POST", "/chat/v1/token", null, "application/json",
          new JsonObject().put("tenant", "demo").put("queue", QUEUE).encode(), "Origin", SITE).json()
          .getString("token");
      ClientWebSocket ws = client.webSocket();
      Promise<Void> started = Promise.promise();
      ws.textMessageHandler(text -> onCustomer(ws, new JsonObject(text), started));
      ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/chat/ws")
          .addHeader("Origin", SITE)).onSuccess(v -> ws.writeTextMessage(new JsonObject().put("type", "start")
              .put("token", token).put("name", "Customer").encode())).onFailure(started::tryFail);
      started.future().onComplete(ar -> window.release());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while ((agentOf.size() < chats || joined.get() < chats) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    if (agentOf.size() < chats) {
      error("not accepted within 120 s: " + (chats - agentOf.size()));
    }
  }

  private void onCustomer(ClientWebSocket ws, JsonObject m, Promise<Void> started) {
    switch (m.getString("type", "")) {
      case "started" -> {
        customerOf.put(m.getString("chatId"), ws);
        ws.writeTextMessage(new JsonObject().put("type", "send").put("text", "Hello").encode());
        started.tryComplete();
      }
      case "joined" -> joined.incrementAndGet();
      case "message" -> {
        if ("agent".equals(m.getString("from"))) {
          received(m.getString("text"), toCustomer);
        }
      }
      case "error" -> {
        error("customer " + m.getString("code"));
        started.tryComplete();
      }
      default -> { }
    }
  }

  private void error(String what) {
    errors.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  private void report(int chats, int agents, int seconds, int intervalMs, double openSeconds, long before,
      long loaded, String loadBefore, String loadDuring) throws Exception {
    long received = toAgent.size() + toCustomer.size();
    System.out.println();
    System.out.printf("Chats on one node: %d chats (%d accepted), %d agents x 3, a line every %d ms each way, "
        + "%d s counted%n", chats, agentOf.size(), agents, intervalMs, seconds);
    System.out.println(BenchMachine.describe());
    System.out.println("load average before: " + loadBefore + ", at the end of the window: " + loadDuring);
    System.out.println("| direction | lines | p50 | p99 | max |");
    System.out.println("|---|---:|---:|---:|---:|");
    System.out.println(row("customer → agent", toAgent));
    System.out.println(row("agent → customer", toCustomer));
    System.out.printf("chats opened and accepted in %.1f s; heap after GC %.1f MiB before, %.1f MiB with the chats "
        + "open: %.1f KiB per chat%n", openSeconds, before / 1048576.0, loaded / 1048576.0,
        (loaded - before) / 1024.0 / Math.max(1, agentOf.size()));
    System.out.printf("lines sent (counted) %d, received %d, lost %d; errors %s%n", sentCounted.get(), received,
        sentCounted.get() - received, errors.isEmpty() ? "none" : errors);
  }

  private static String row(String name, ConcurrentLinkedQueue<Long> samples) {
    long[] s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
    if (s.length == 0) {
      return "| " + name + " | 0 | - | - | - |";
    }
    return String.format("| %s | %,d | %.1f ms | %.1f ms | %.1f ms |", name, s.length, ms(s[s.length / 2]),
        ms(s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]), ms(s[s.length - 1]));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  // ---- the node JVM ------------------------------------------------------------------------------------

  private static void node() throws Exception {
    Node node = TestNodes.loopback("chat-bench", Map.of("bootstrap.admin.password", ADMIN_PASSWORD,
        "chat.per-source-per-minute", "100000"));
    System.out.println("READY " + node.httpPort());
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null && !line.equals("STOP")) {
      if (line.equals("MEASURE")) {
        System.out.println("MEASURE " + BenchMachine.heapAfterGc());
      }
    }
    node.stop();
    System.exit(0);
  }

  /** The node in a child JVM on this class path, spoken to by lines on stdin/stdout. */
  private static final class NodeChild {
    final Process process;
    final BufferedReader out;
    final PrintWriter in;
    int port;

    private NodeChild(Process p) {
      this.process = p;
      this.out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      this.in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static NodeChild start() throws Exception {
      List<String> cmd = new ArrayList<>(Arrays.asList(System.getProperty("java.home") + File.separator + "bin"
          + File.separator + "java", "-Xmx1g", "-DSWITCHBOARD_LOG_LEVEL=WARN"));
      // extra node JVM options, e.g. -Dbench.nodeJvmArgs=-XX:StartFlightRecording=filename=/tmp/chat-node.jfr
      String extra = System.getProperty("bench.nodeJvmArgs", "").trim();
      if (!extra.isEmpty()) {
        cmd.addAll(Arrays.asList(extra.split("\\s+")));
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ChatBenchmark.class.getName(), "node"));
      NodeChild c = new NodeChild(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
      c.port = Integer.parseInt(c.expect("READY"));
      return c;
    }

    String ask(String line) throws Exception {
      in.println(line);
      return expect(line);
    }

    /** Waits for a line starting with {@code word} and returns the rest (other lines are echoed). */
    String expect(String word) throws Exception {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(word + " ")) {
          return line.substring(word.length()).trim();
        }
        System.out.println("  [node] " + line);
      }
      throw new IllegalStateException("the node exited before " + word);
    }

    void stop() throws Exception {
      in.println("STOP");
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroy();
      }
    }
  }
}
