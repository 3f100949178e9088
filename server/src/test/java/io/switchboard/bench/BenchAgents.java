package io.switchboard.bench;

import io.switchboard.auth.JwtTokens;
import io.switchboard.auth.Role;
import io.switchboard.webrtc.PeerNetwork;
import io.switchboard.webrtc.WebRtcTestPeer;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agents of {@link BridgedCallsBenchmark}: one WebSocket each (token signed with the node's secret), state
 * {@code available}; when a call is offered the agent does what the softphone does: {@code media.offer} from a
 * {@link WebRtcTestPeer} (real ICE, DTLS-SRTP), applies {@code media.answer}, and once the peer is connected
 * sends {@code call.accept}. A call counts as bridged when that accept is acknowledged. Failures are counted by
 * reason. Callbacks run on Vert.x event loops and the peers' DTLS threads; everything shared is concurrent.
 */
final class BenchAgents implements AutoCloseable {
  private final int httpPort;
  private final PeerNetwork net;
  private final WebSocketClient client;
  private final List<ClientWebSocket> sockets = new ArrayList<>();
  private final WebRtcTestPeer.RtpSink sink;
  /** A bridged call: the caller's index (from the offer's {@code caller}, {@code +1555200<index>}) and the peer. */
  record Bridged(int caller, WebRtcTestPeer peer) {}

  /** The bridged calls, in the order they were bridged. */
  final ConcurrentLinkedQueue<Bridged> bridged = new ConcurrentLinkedQueue<>();
  final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  final AtomicInteger offered = new AtomicInteger();
  private final ConcurrentLinkedQueue<WebRtcTestPeer> allPeers = new ConcurrentLinkedQueue<>();
  /** The agent that answered each bridged caller (caller index → agent id), set before the call joins {@link #bridged}. */
  final Map<Integer, String> agentOfCaller = new ConcurrentHashMap<>();

  /** @param sink every peer's received RTP (the shared receive thread) */
  BenchAgents(Vertx vertx, int httpPort, PeerNetwork net, WebRtcTestPeer.RtpSink sink) {
    this.httpPort = httpPort;
    this.net = net;
    this.sink = sink;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
  }

  /** Connects agents 0..n-1 and makes each available; completes when all acknowledged. */
  void connectAll(int n, String secret) throws Exception {
    JwtTokens jwt = JwtTokens.start(secret, "switchboard", Clock.systemUTC());
    Semaphore window = new Semaphore(100);
    List<Future<Void>> ready = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String token = jwt.issue(JwtTokens.Type.ACCESS, BridgedNode.TENANT, BridgedNode.agentId(i), Set.of(Role.AGENT),
          null, Duration.ofHours(2)).token();
      window.acquire();
      Future<Void> f = connect(BridgedNode.agentId(i), token);
      f.onComplete(ar -> window.release());
      ready.add(f);
    }
    Future.join(ready).toCompletionStage().toCompletableFuture().exceptionally(e -> null).get(120, TimeUnit.SECONDS);
    long failed = ready.stream().filter(Future::failed).count();
    jwt.close();
    if (failed > 0) {
      throw new IllegalStateException(failed + " agents could not connect or go available: "
          + ready.stream().filter(Future::failed).findFirst().get().cause());
    }
  }

  private Future<Void> connect(String agentId, String token) {
    ClientWebSocket ws = client.webSocket();
    Promise<Void> available = Promise.promise();
    ws.textMessageHandler(text -> onMessage(agentId, ws, new JsonObject(text), available));
    synchronized (sockets) {
      sockets.add(ws);
    }
    ws.connect(httpPort, "127.0.0.1", "/ws?access_token=" + token).onFailure(available::tryFail);
    return available.future();
  }

  private final Map<String, WebRtcTestPeer> peerOfCall = new ConcurrentHashMap<>();
  private final Map<String, String> callerOfCall = new ConcurrentHashMap<>();

  private void onMessage(String agentId, ClientWebSocket ws, JsonObject m, Promise<Void> available) {
    String type = m.getString("type", "");
    String callId = m.getString("callId");
    switch (type) {
      case "hello" -> send(ws, new JsonObject().put("type", "state.set").put("id", "avail").put("state", "available"));
      case "ack" -> {
        String id = m.getString("id", "");
        if (id.equals("avail")) {
          available.tryComplete();
        } else if (id.startsWith("accept:")) {
          String call = id.substring(7);
          WebRtcTestPeer p = peerOfCall.get(call);
          String caller = callerOfCall.getOrDefault(call, "");
          if (p != null && caller.startsWith(BenchCallers.FROM_PREFIX)) {
            int index = Integer.parseInt(caller.substring(BenchCallers.FROM_PREFIX.length()));
            agentOfCaller.put(index, agentId);
            bridged.add(new Bridged(index, p));
          } else {
            fail("bridged-call-without-known-caller");
          }
        }
      }
      case "call.offered" -> {
        offered.incrementAndGet();
        WebRtcTestPeer peer = new WebRtcTestPeer(net).onRtp(sink);
        allPeers.add(peer);
        peerOfCall.put(callId, peer);
        callerOfCall.put(callId, m.getString("caller", ""));
        send(ws, new JsonObject().put("type", "media.offer").put("id", "offer:" + callId).put("callId", callId)
            .put("sdp", peer.offer()));
      }
      case "media.answer" -> {
        WebRtcTestPeer peer = peerOfCall.get(callId);
        try {
          peer.accept(m.getString("sdp"));
        } catch (Exception e) {
          fail("answer-refused-by-peer");
          return;
        }
        peer.connected().orTimeout(30, TimeUnit.SECONDS).whenComplete((v, e) -> {
          if (e != null) {
            fail("dtls-or-ice: " + e.getClass().getSimpleName());
          } else {
            send(ws, new JsonObject().put("type", "call.accept").put("id", "accept:" + callId).put("callId", callId));
          }
        });
      }
      case "media.failed" -> fail("media.failed " + m.getString("reason"));
      case "call.revoked" -> fail("call.revoked " + m.getString("reason"));
      case "error" -> fail("error " + m.getString("code") + " on " + m.getString("id"));
      default -> { }
    }
  }

  private void fail(String reason) {
    failures.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
  }

  private static void send(ClientWebSocket ws, JsonObject m) {
    ws.writeTextMessage(m.encode());
  }

  /** Closes every peer (DTLS close_notify) and then every socket. */
  @Override
  public void close() {
    allPeers.forEach(WebRtcTestPeer::close);
    List<Future<Void>> closing = new ArrayList<>();
    synchronized (sockets) {
      sockets.forEach(s -> closing.add(s.close()));
    }
    try {
      Future.join(closing).toCompletionStage().toCompletableFuture().exceptionally(e -> null)
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort
    }
    client.close();
  }
}
