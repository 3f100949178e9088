package io.switchboard.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.monitor.MonitorRefused;
import io.switchboard.monitor.Monitoring;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's node's side of monitoring another node's call, over real Redis pub/sub: a second {@link NodeBus}
 * plays the call's node and answers by hand. What is sent there, how its answers and refusals come back, what a
 * silent or absent call node gives ({@code unavailable}), and how a session ends without the supervisor asking:
 * the call's node's {@code monitor.ended}, the last socket closing ({@code gone}), the call's node leaving the
 * cluster ({@code monitor.ended} with reason {@code node-lost} to the supervisor's sockets).
 */
class RemoteMonitorsIT {
  static final String SDP = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n";
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static Vertx vertx;
  private static RedisConnections redis;
  private static NodeBus supervisorNode;
  private static NodeBus callNode;
  private static RemoteMonitors remote;
  /** What reached the call's node. */
  private static final LinkedBlockingQueue<CallMessage> atCallNode = new LinkedBlockingQueue<>();
  /** What the supervisor's sockets were given (bus deliveries RemoteMonitors let through, and its own notices). */
  private static final LinkedBlockingQueue<AgentMessage> toSockets = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    supervisorNode = new NodeBus(vertx, redis, "rm-sup");
    callNode = new NodeBus(vertx, redis, "rm-call");
    remote = new RemoteMonitors(vertx, supervisorNode, (t, a, m) -> toSockets.add(m), 500);
    supervisorNode.listen((t, a, m) -> {
      if (!remote.deliver(t, a, m)) {
        toSockets.add(m);
      }
    });
    callNode.listenCalls((t, c, m) -> atCallNode.add(m));
    supervisorNode.start().await();
    callNode.start().await();
  }

  @AfterAll
  static void stop() {
    callNode.close().await();
    supervisorNode.close().await();
    redis.close();
    vertx.close().await();
  }

  private static String tenant() {
    return "rm-" + TENANTS.incrementAndGet();
  }

  private static <T extends CallMessage> T atCallNode(Class<T> type) throws InterruptedException {
    CallMessage m = atCallNode.poll(5, TimeUnit.SECONDS);
    assertThat(m).as("a message at the call's node").isInstanceOf(type);
    return type.cast(m);
  }

  /** A started session of {@code sam} on call {@code c-1} of the call's node, as the call's node answers it. */
  private static Monitoring.Started started(String tenant) throws Exception {
    var pending = remote.start(tenant, "sam", "rm-call", "c-1", "alice", MonitorMode.LISTEN, SDP);
    CallMessage.MonitorStart s = atCallNode(CallMessage.MonitorStart.class);
    assertThat(s.supervisorNode()).as("the way back").isEqualTo("rm-sup");
    assertThat(List.of(s.callId(), s.agentId(), s.supervisorId(), s.mode(), s.sdp()))
        .containsExactly("c-1", "alice", "sam", "listen", SDP);
    callNode.send("rm-sup", tenant, "sam", new AgentMessage.MonitorReply("c-1", s.requestId(), "alice", "listen",
        "v=0 answer", null, null, null)).await();
    return pending.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aStartIsForwardedAndItsAnswerComesBackThenModeAndStopGoToTheSameNode() throws Exception {
    String t = tenant();
    Monitoring.Started s = started(t);
    assertThat(s.answerSdp()).isEqualTo("v=0 answer");
    assertThat(s.session()).isEqualTo(new Monitoring.Session("c-1", "alice", MonitorMode.LISTEN));
    assertThat(remote.of(t, "sam")).contains(new RemoteMonitors.Remote("c-1", "rm-call"));
    assertThat(toSockets.poll(200, TimeUnit.MILLISECONDS)).as("the reply is not for the sockets").isNull();

    var changed = remote.mode(t, "sam", MonitorMode.BARGE);
    CallMessage.MonitorControl c = atCallNode(CallMessage.MonitorControl.class);
    assertThat(List.of(c.action(), c.mode(), c.supervisorId(), c.callId()))
        .containsExactly("mode", "barge", "sam", "c-1");
    callNode.send("rm-sup", t, "sam", new AgentMessage.MonitorReply("c-1", c.requestId(), "alice", "barge", null,
        null, null, null)).await();
    assertThat(changed.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).mode())
        .isEqualTo(MonitorMode.BARGE);

    var stopped = remote.stop(t, "sam");
    CallMessage.MonitorControl stop = atCallNode(CallMessage.MonitorControl.class);
    assertThat(stop.action()).isEqualTo("stop");
    callNode.send("rm-sup", t, "sam", new AgentMessage.MonitorReply("c-1", stop.requestId(), "alice", "barge", null,
        null, null, null)).await();
    stopped.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(remote.of(t, "sam")).isEmpty();
    assertThatThrownBy(() -> remote.mode(t, "sam", MonitorMode.LISTEN).await())
        .isInstanceOfSatisfying(MonitorRefused.class, e -> assertThat(e.code()).isEqualTo("no-session"));
  }

  @Test
  void theCallNodesRefusalComesBackAsItIsAndNothingIsKept() throws Exception {
    String t = tenant();
    var pending = remote.start(t, "sam", "rm-call", "c-2", "alice", MonitorMode.WHISPER, SDP);
    CallMessage.MonitorStart s = atCallNode(CallMessage.MonitorStart.class);
    callNode.send("rm-sup", t, "sam", new AgentMessage.MonitorReply("c-2", s.requestId(), null, null, null,
        "too-many-monitors", "agentId", "call c-1 already has 1 supervisor")).await();
    assertThatThrownBy(pending::await).isInstanceOfSatisfying(MonitorRefused.class, e -> {
      assertThat(e.code()).isEqualTo("too-many-monitors");
      assertThat(e.field()).isEqualTo("agentId");
      assertThat(e.getMessage()).isEqualTo("call c-1 already has 1 supervisor");
    });
    assertThat(remote.of(t, "sam")).isEmpty();
  }

  @Test
  void aCallNodeThatIsGoneOrSilentIsUnavailable() throws Exception {
    String t = tenant();
    assertThatThrownBy(() -> remote.start(t, "sam", "rm-nobody", "c-3", "alice", MonitorMode.LISTEN, SDP).await())
        .isInstanceOfSatisfying(MonitorRefused.class, e -> assertThat(e.code()).isEqualTo("unavailable"));
    long before = System.nanoTime();
    var silent = remote.start(t, "sam", "rm-call", "c-3", "alice", MonitorMode.LISTEN, SDP);
    atCallNode(CallMessage.MonitorStart.class); // received, never answered
    assertThatThrownBy(silent::await)
        .isInstanceOfSatisfying(MonitorRefused.class, e -> assertThat(e.code()).isEqualTo("unavailable"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).as("after the timeout").isGreaterThan(400);
    assertThat(remote.of(t, "sam")).isEmpty();
  }

  @Test
  void theSessionEndsWithTheCallNodesNoticeTheLastSocketAStaleModeOrTheCallNodeLeaving() throws Exception {
    String t = tenant();
    // the call's node says it ended: forgotten here, and the sockets get the notice
    started(t);
    callNode.send("rm-sup", t, "sam", new AgentMessage.MonitorEnded("c-1", "call-ended")).await();
    assertThat(toSockets.poll(5, TimeUnit.SECONDS)).isEqualTo(new AgentMessage.MonitorEnded("c-1", "call-ended"));
    assertThat(remote.of(t, "sam")).isEmpty();

    // the supervisor's last socket closed: the call's node is told, no reply awaited
    started(t);
    remote.gone(t, "sam");
    CallMessage.MonitorControl gone = atCallNode(CallMessage.MonitorControl.class);
    assertThat(List.of(gone.action(), gone.supervisorId(), gone.callId())).containsExactly("gone", "sam", "c-1");
    assertThat(remote.of(t, "sam")).isEmpty();

    // the call's node has no session any more (its monitor.ended was lost): a mode change says so and forgets it
    started(t);
    var lost = remote.mode(t, "sam", MonitorMode.WHISPER);
    CallMessage.MonitorControl c = atCallNode(CallMessage.MonitorControl.class);
    callNode.send("rm-sup", t, "sam", new AgentMessage.MonitorReply("c-1", c.requestId(), null, null, null,
        "no-session", null, "you are not monitoring a call on this node")).await();
    assertThatThrownBy(lost::await)
        .isInstanceOfSatisfying(MonitorRefused.class, e -> assertThat(e.code()).isEqualTo("no-session"));
    assertThat(remote.of(t, "sam")).isEmpty();

    // the call's node left the cluster: the supervisor is told node-lost (an unknown live set changes nothing)
    started(t);
    remote.liveNodes(List.of());
    remote.liveNodes(List.of("rm-sup", "rm-call"));
    assertThat(remote.of(t, "sam")).isPresent();
    remote.liveNodes(List.of("rm-sup"));
    assertThat(toSockets.poll(5, TimeUnit.SECONDS)).isEqualTo(new AgentMessage.MonitorEnded("c-1", "node-lost"));
    assertThat(remote.of(t, "sam")).isEmpty();
    assertThat(atCallNode.poll(200, TimeUnit.MILLISECONDS)).as("nothing more to the call's node").isNull();
  }
}
