package io.switchboard.bench;

import io.switchboard.auth.JwtTokens;
import io.switchboard.auth.Role;
import io.switchboard.webrtc.PeerNetwork;
import io.switchboard.webrtc.WebRtcTestPeer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Supervisors of the {@code bench} tenant that each join one agent's call with a WebRTC leg of their own, as the
 * wallboard does: a WebSocket (access token signed with the node's secret, role supervisor, user {@code s<i>}),
 * {@code monitor.start} {agentId, mode, sdp offer of a {@link WebRtcTestPeer}} → {@code monitor.started} with the
 * answer, applied to the peer; done when ICE and DTLS are up. Callbacks run on Vert.x event loops and DTLS threads.
 */
final class BenchSupervisors implements AutoCloseable {
  private final int httpPort;
  private final PeerNetwork net;
  private final WebSocketClient client;
  private final JwtTokens jwt;
  private final ConcurrentLinkedQueue<ClientWebSocket> sockets = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<WebRtcTestPeer> peers = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  BenchSupervisors(Vertx vertx, int httpPort, PeerNetwork net, String secret) throws Exception {
    this.httpPort = httpPort;
    this.net = net;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
    this.jwt = JwtTokens.start(secret, "switchboard", Clock.systemUTC());
  }

  /**
   * Supervisor {@code s<index>} joins {@code agentId}'s call in {@code mode}; its leg's received RTP goes to
   * {@code sink}. Completes with the connected peer, or fails with the node's refusal or a media failure.
   */
  CompletableFuture<WebRtcTestPeer> monitor(int index, String agentId, String mode, WebRtcTestPeer.RtpSink sink) {
    String token = jwt.issue(JwtTokens.Type.ACCESS, BridgedNode.TENANT, "s" + index, Set.of(Role.SUPERVISOR), null,
        Duration.ofHours(2)).token();
    WebRtcTestPeer peer = new WebRtcTestPeer(net).onRtp(sink);
    peers.add(peer);
    CompletableFuture<WebRtcTestPeer> done = new CompletableFuture<>();
    ClientWebSocket ws = client.webSocket();
    sockets.add(ws);
    ws.textMessageHandler(text -> {
      JsonObject m = new JsonObject(text);
      switch (m.getString("type", "")) {
        case "hello" -> ws.writeTextMessage(new JsonObject().put("type", "monitor.start").put("id", "mon")
            .put("agentId", agentId).put("mode", mode).put("sdp", peer.offer()).encode());
        case "monitor.started" -> {
          try {
            peer.accept(m.getString("sdp"));
          } catch (Exception e) {
            done.completeExceptionally(e);
            return;
          }
          peer.connected().orTimeout(30, TimeUnit.SECONDS).whenComplete((v, e) -> {
            if (e != null) {
              done.completeExceptionally(e);
            } else {
              done.complete(peer);
            }
          });
        }
        case "error", "monitor.ended" -> done.completeExceptionally(new IllegalStateException(m.encode()));
        default -> { }
      }
    });
    ws.connect(httpPort, "127.0.0.1", "/ws?access_token=" + token)
        .onFailure(done::completeExceptionally);
    return done;
  }

  /** Closes every leg (DTLS close_notify), then every socket (which ends the monitoring sessions); once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    peers.forEach(WebRtcTestPeer::close);
    List<Future<Void>> closing = sockets.stream().map(ClientWebSocket::close).toList();
    try {
      Future.join(closing).toCompletionStage().toCompletableFuture().exceptionally(e -> null)
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort
    }
    client.close();
    jwt.close();
  }
}
