package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.directory.Kind;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.KamailioProxy;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls through Debian's kamailio as a Record-Routing stateful proxy in front of the node (the usual carrier set-up):
 * the node copies Record-Route into its 200 and sends its in-dialog requests (ACK, BYE) by the route set, through the
 * proxy, on the inbound and on the outbound leg. Kamailio logs every in-dialog request with its Route header; a node
 * that ignored the route set would send its BYE straight to the far end and kamailio would never log it.
 */
class RecordRouteProxyIT {
  static final String PASSWORD = "kamailio-agent-password";
  static Node node;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("record-route-it", TestNodes.randomRtpPorts(50));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @AfterEach
  void nothingLeaks() {
    TestNodes.awaitNothingLeaks(node, Duration.ofSeconds(5));
  }

  @Test
  void aCallerBehindKamailioIsQueuedAnsweredByAnAgentAndTheNodesByeFollowsTheRecordRoute() throws Exception {
    Path sipp = Tools.require("sipp");
    String token = TestNodes.login(node.httpPort(), "demo", createAgent("kamailio-agent"), PASSWORD);
    Path scenario = Path.of(getClass().getResource("/sipp/through-proxy-wait-for-bye.xml").toURI());
    Path log = Files.createTempFile("sipp-proxy", ".log");
    WebSocketClient ws = node.vertx().createWebSocketClient();
    try (KamailioProxy proxy = KamailioProxy.start(node.sipPort(), 0);
         WsClient agent = WsClient.connect(ws, node.httpPort(), token)) {
      agent.next("hello");
      Process caller = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", "+15550100",
          "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
          "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
          "-timeout", "40s", "-timeout_error", "127.0.0.1:" + proxy.port())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> node.calls().activeCalls() == 1 || !caller.isAlive());
        assertThat(caller.isAlive()).as("sipp still waiting\n%s", Files.readString(log)).isTrue();
        assertThat(agent.request("a", new JsonObject().put("type", "state.set").put("state", "available"))
            .getString("type")).isEqualTo("ack");
        String callId = agent.next("call.offered").getString("callId");
        assertThat(agent.request("acc", new JsonObject().put("type", "call.accept").put("callId", callId))
            .getString("type")).isEqualTo("ack");
        assertThat(agent.request("hup", new JsonObject().put("type", "call.hangup").put("callId", callId))
            .getString("type")).isEqualTo("ack");
        assertThat(caller.waitFor(20, TimeUnit.SECONDS)).as("sipp got the BYE").isTrue();
        assertThat(caller.exitValue()).as(Files.readString(log)).isZero();
        agent.request("wrap", new JsonObject().put("type", "wrapup.done").put("callId", callId)
            .put("disposition", "resolved"));
      } finally {
        caller.destroyForcibly();
      }
      String route = "route=<sip:127.0.0.1:" + proxy.port() + ";lr"; // then ;ftag=...
      String kamailio = proxy.log();
      assertThat(kamailio).as("the caller's ACK came by the Record-Route the node copied into its 200")
          .contains("kamailio.in-dialog method=ACK from=127.0.0.1:");
      assertThat(kamailio).as("the node's BYE came through kamailio with its Route")
          .contains("kamailio.in-dialog method=BYE from=127.0.0.1:" + node.sipPort() + " " + route);
    } finally {
      ws.close().await();
      Files.deleteIfExists(log);
    }
  }

  @Test
  void anOutboundCallThroughKamailioSendsItsAckAndByeByTheRouteSetOfThe200() throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(getClass().getResource("/sipp/uas-record-route.xml").toURI());
    Path log = Files.createTempFile("sipp-uas-proxy", ".log");
    int uasPort = EmbeddedRedis.freePort();
    Process uas = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-i", "127.0.0.1",
        "-p", String.valueOf(uasPort), "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try (KamailioProxy proxy = KamailioProxy.start(node.sipPort(), uasPort)) {
      node.directory().put("demo", Kind.TRUNK, "via-kamailio", new JsonObject().put("name", "via kamailio")
          .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", proxy.port())))
          .put("allowedSources", new JsonArray().add("127.0.0.1/32")), null).await();
      OutboundCall call = node.outbound().originate("demo", "via-kamailio", "+15550199", "+15550100",
          OutboundCallsIT.OFFER).await();
      call.answered().await();
      call.hangup().await();
      assertThat(uas.waitFor(15, TimeUnit.SECONDS)).as("sipp UAS got ACK and BYE").isTrue();
      assertThat(uas.exitValue()).as(Files.readString(log)).isZero();
      assertThat(call.ended().await()).isEqualTo("local-bye");
      String route = "route=<sip:127.0.0.1:" + proxy.port() + ";lr"; // then ;ftag=...
      String kamailio = proxy.log();
      assertThat(kamailio).as("the node's ACK followed the 200's Record-Route")
          .contains("kamailio.in-dialog method=ACK from=127.0.0.1:" + node.sipPort() + " " + route);
      assertThat(kamailio).as("the node's BYE followed the 200's Record-Route")
          .contains("kamailio.in-dialog method=BYE from=127.0.0.1:" + node.sipPort() + " " + route);
    } finally {
      uas.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static String createAgent(String username) {
    node.directory().put("demo", Kind.AGENT, username, new JsonObject()
        .put("username", username).put("displayName", username)
        .put("roles", new JsonArray().add("agent"))
        .put("skills", new JsonObject().put("support", 3))
        .put("queues", new JsonArray().add("support"))
        .put("password", PASSWORD), null).await();
    return username;
  }
}
