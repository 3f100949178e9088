package io.switchboard.bench;

import io.switchboard.support.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agents of {@link PredictiveLiveBenchmark}, one signaling WebSocket each, doing what a person on the softphone
 * does: available; every {@code call.offered} accepted at once; talk for a time drawn uniformly from
 * {@code talkMs}; hang up; wrap up for {@code wrapMs} and send {@code wrapup.done} with a disposition (which makes
 * the agent available again). No browser leg: the contact's audio is not what is measured.
 *
 * <p>Idle between calls is timed by each agent itself ({@link System#nanoTime}): from the acknowledged
 * {@code wrapup.done} to the next {@code call.offered}. An agent is <i>free</i> in that span (and before its first
 * offer). Callbacks run on the Vert.x event loop of each socket; what is shared is concurrent.
 */
final class PacingAgents implements AutoCloseable {
  private final Vertx vertx;
  private final WebSocketClient client;
  private final long[] talkMs;
  private final long wrapMs;
  private final List<ClientWebSocket> sockets = new ArrayList<>();
  private final Map<String, ClientWebSocket> socketOf = new ConcurrentHashMap<>();
  /** Per agent: nanoTime it became free, or -1 while reserved, talking or wrapping up. */
  private final Map<String, Long> freeSince = new ConcurrentHashMap<>();
  /** Idle spans between two calls of one agent: {when it began (epoch ms), how long (ns)}. */
  final ConcurrentLinkedQueue<long[]> idleBetweenCalls = new ConcurrentLinkedQueue<>();
  /** Per agent: whether it has had a call (its first free span is not "between calls"). */
  private final Map<String, Boolean> hadCall = new ConcurrentHashMap<>();
  final AtomicInteger offered = new AtomicInteger();
  final AtomicInteger wrappedUp = new AtomicInteger();
  final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  private volatile boolean closing;

  /**
   * @param talkMs talk time bounds {min, max} in ms (uniform)
   * @param wrapMs wrap-up time in ms before {@code wrapup.done}
   */
  PacingAgents(Vertx vertx, long[] talkMs, long wrapMs) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1000));
    this.talkMs = talkMs;
    this.wrapMs = wrapMs;
  }

  /** Logs each agent in ({@code password}), connects its socket and makes it available; returns once all are. */
  void connect(int httpPort, List<String> agents, String password) throws Exception {
    List<Future<Void>> ready = new ArrayList<>();
    for (String agent : agents) {
      String token = TestNodes.login(httpPort, "demo", agent, password);
      ClientWebSocket ws = client.webSocket();
      Promise<Void> available = Promise.promise();
      ws.textMessageHandler(text -> onMessage(agent, ws, new JsonObject(text), available));
      ws.closeHandler(v -> {
        if (!closing) {
          error("socket closed");
        }
      });
      synchronized (sockets) {
        sockets.add(ws);
      }
      socketOf.put(agent, ws);
      ws.connect(httpPort, "127.0.0.1", "/ws?access_token=" + token).onFailure(available::tryFail);
      ready.add(available.future());
    }
    Future.all(ready).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /**
   * Renews every socket's access token ({@code authenticate} with a fresh login): a socket whose token expires is
   * closed by the node (4001), and a run outlasts the token's lifetime. Blocking (logs in over HTTP).
   */
  void renewTokens(int httpPort, String password) throws Exception {
    for (Map.Entry<String, ClientWebSocket> e : socketOf.entrySet()) {
      String token = TestNodes.login(httpPort, "demo", e.getKey(), password);
      send(e.getValue(), new JsonObject().put("type", "authenticate").put("id", "auth").put("token", token));
    }
  }

  /** How many agents are free now (available, no call offered). */
  int free() {
    return (int) freeSince.values().stream().filter(v -> v >= 0).count();
  }

  private void onMessage(String agent, ClientWebSocket ws, JsonObject m, Promise<Void> available) {
    String type = m.getString("type", "");
    String id = m.getString("id", "");
    switch (type) {
      case "hello" -> send(ws, new JsonObject().put("type", "state.set").put("id", "avail").put("state", "available"));
      case "call.offered" -> offered(agent, ws, m.getString("callId"));
      case "ack" -> acked(agent, ws, id, available);
      case "error" -> refused(agent, ws, id, m);
      case "call.revoked" -> error("call.revoked " + m.getString("reason"));
      default -> { }
    }
  }

  private void offered(String agent, ClientWebSocket ws, String callId) {
    long now = System.nanoTime();
    offered.incrementAndGet();
    Long since = freeSince.put(agent, -1L);
    if (since != null && since >= 0 && Boolean.TRUE.equals(hadCall.get(agent))) {
      long nanos = now - since;
      idleBetweenCalls.add(new long[] {System.currentTimeMillis() - nanos / 1_000_000, nanos});
    }
    hadCall.put(agent, true);
    send(ws, new JsonObject().put("type", "call.accept").put("id", "accept:" + callId).put("callId", callId));
  }

  private void acked(String agent, ClientWebSocket ws, String id, Promise<Void> available) {
    if (id.equals("avail")) {
      freeSince.putIfAbsent(agent, System.nanoTime());
      available.tryComplete();
    } else if (id.startsWith("accept:")) {
      String callId = id.substring(7);
      long talk = ThreadLocalRandom.current().nextLong(talkMs[0], talkMs[1] + 1);
      vertx.setTimer(Math.max(1, talk), t -> send(ws, new JsonObject().put("type", "call.hangup")
          .put("id", "hangup:" + callId).put("callId", callId)));
    } else if (id.startsWith("hangup:")) {
      wrapUp(ws, id.substring(7));
    } else if (id.startsWith("wrap:")) {
      wrappedUp.incrementAndGet();
      freeSince.put(agent, System.nanoTime());
    }
  }

  private void wrapUp(ClientWebSocket ws, String callId) {
    String disposition = ThreadLocalRandom.current().nextInt(4) == 0 ? "sale" : "no-sale";
    vertx.setTimer(Math.max(1, wrapMs), t -> send(ws, new JsonObject().put("type", "wrapup.done")
        .put("id", "wrap:" + callId).put("callId", callId).put("disposition", disposition)));
  }

  /** A refused request: counted; the agent goes on as a person would (wraps up a call already ended, or is free). */
  private void refused(String agent, ClientWebSocket ws, String id, JsonObject m) {
    error(id.replaceAll(":.*", "") + " " + m.getString("code"));
    if (id.startsWith("hangup:")) {
      wrapUp(ws, id.substring(7)); // ended by the other side meanwhile: still in wrap-up
    } else if (id.startsWith("accept:")) {
      freeSince.put(agent, System.nanoTime()); // the offer is gone: free again
      send(ws, new JsonObject().put("type", "state.set").put("id", "avail").put("state", "available"));
    } else if (id.startsWith("wrap:")) {
      freeSince.put(agent, System.nanoTime());
      send(ws, new JsonObject().put("type", "state.set").put("id", "avail").put("state", "available"));
    }
  }

  private void error(String what) {
    errors.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  private static void send(ClientWebSocket ws, JsonObject m) {
    ws.writeTextMessage(m.encode());
  }

  @Override
  public void close() {
    closing = true;
    List<Future<Void>> closing = new ArrayList<>();
    synchronized (sockets) {
      sockets.forEach(s -> closing.add(s.close()));
    }
    try {
      Future.join(closing).toCompletionStage().toCompletableFuture().exceptionally(e -> null).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort
    }
    client.close();
  }
}
