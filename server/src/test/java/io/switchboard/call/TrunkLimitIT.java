package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trunk's maxConcurrentCalls, from outside with sipp: LIMIT + EXTRA callers at once on a trunk limited to LIMIT →
 * exactly LIMIT answered, EXTRA refused with 503 and a Retry-After (sip.trunk-limit.retry-after-seconds), counted in
 * switchboard.sip.trunk.rejected; once they hang up the trunk takes LIMIT calls again, and no slot is left behind in
 * Redis or on the node.
 */
class TrunkLimitIT {
  static final int LIMIT = 3;
  static final int EXTRA = 2;
  static final String TRUNK_KEY = "sb:{demo}:acd:trunk:loopback:calls";
  static Node node;
  static int redisPort;
  static RedisConnections redis;

  @BeforeAll
  static void start() throws Exception {
    redisPort = EmbeddedRedis.freePort();
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(100));
    settings.put("redis.embedded.port", String.valueOf(redisPort));
    settings.put("sip.trunk-limit.retry-after-seconds", "7");
    node = TestNodes.loopback("trunk-limit-it", settings);
    JsonObject trunk = node.directory().get("demo", Kind.TRUNK, "loopback").await().orElseThrow();
    node.directory().put("demo", Kind.TRUNK, "loopback", trunk.copy().put("maxConcurrentCalls", LIMIT), IfMatch.ANY)
        .await();
    redis = RedisConnections.connect("redis://127.0.0.1:" + redisPort, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() throws Exception {
    if (redis != null) {
      redis.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void callsBeyondTheTrunksLimitGet503WithRetryAfterAndTheLimitFreesWhenCallsEnd() throws Exception {
    double rejectedBefore = rejected();
    Run burst = Run.start(LIMIT + EXTRA, node.sipPort());
    // while the answered callers stay on: LIMIT calls up, the rest refused already
    await().atMost(Duration.ofSeconds(4)).until(() -> node.calls().activeCalls() == LIMIT && rejected()
        == rejectedBefore + EXTRA);
    assertThat(slotsInRedis()).as("slots taken in Redis").isEqualTo(LIMIT);
    Run.Outcome first = burst.await();
    assertThat(first.answered()).as("answered\n" + first.log()).isEqualTo(LIMIT);
    assertThat(first.refused()).as("refused with 503\n" + first.log()).isEqualTo(EXTRA);
    assertThat(first.exit()).as("every refusal carried a Retry-After; every call ended cleanly\n" + first.log())
        .isZero();
    assertThat(rejected()).isEqualTo(rejectedBefore + EXTRA);

    await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 0);
    assertThat(node.trunkLimits().heldSlots()).as("slots the node holds after every call ended").isZero();
    await().atMost(Duration.ofSeconds(3)).until(() -> slotsInRedis() == 0);

    Run.Outcome again = Run.start(LIMIT, node.sipPort()).await();
    assertThat(again.answered()).as("the limit is free again: nothing leaked\n" + again.log()).isEqualTo(LIMIT);
    assertThat(again.refused()).isZero();
    assertThat(rejected()).isEqualTo(rejectedBefore + EXTRA);
    await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 0 && slotsInRedis() == 0);
  }

  @Test
  void aRefusalCarriesTheConfiguredRetryAfter() throws Exception {
    JsonObject trunk = node.directory().get("demo", Kind.TRUNK, "loopback").await().orElseThrow();
    node.directory().put("demo", Kind.TRUNK, "loopback", trunk.copy().put("maxConcurrentCalls", 1), IfMatch.ANY)
        .await();
    try (SipCaller up = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort());
         SipCaller over = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      var ok = up.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      up.ack(ok);
      var refused = over.invite("+15550101");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers().first("Retry-After")).hasValue("7");
      assertThat(up.bye().status()).isEqualTo(200);
    } finally {
      node.directory().put("demo", Kind.TRUNK, "loopback", trunk, IfMatch.ANY).await();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 0 && slotsInRedis() == 0);
  }

  @Test
  void outboundCallsCountAgainstTheSameLimitAsInboundOnes() throws Exception {
    JsonObject trunk = node.directory().get("demo", Kind.TRUNK, "loopback").await().orElseThrow();
    double outboundBefore = rejected("outbound");
    try (OutboundUas uas = new OutboundUas(node.vertx(), OutboundCallsIT.OPTIONS, "pw")) {
      uas.answer = OutboundUas.Answer.RING;
      node.directory().put("demo", Kind.TRUNK, "loopback", trunk.copy().put("maxConcurrentCalls", 1)
          .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", uas.port()))),
          IfMatch.ANY).await();
      OutboundCall out = node.outbound().originate("demo", "loopback", "+15550199", "+15550100",
          OutboundCallsIT.OFFER).await();
      try (SipCaller in = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
        assertThat(in.invite("+15550100").status()).as("inbound, while an outbound call holds the slot")
            .isEqualTo(503);
      }
      assertThatThrownBy(() -> node.outbound().originate("demo", "loopback", "+15550198", "+15550100",
          OutboundCallsIT.OFFER).await())
          .isInstanceOfSatisfying(OutboundCallException.class, e -> {
            assertThat(e.kind()).isEqualTo(OutboundCallException.Kind.TRUNK_FULL);
            assertThat(e.status()).isEqualTo(503);
          });
      assertThat(uas.invites).as("nothing sent for the refused outbound call").hasSize(1);
      assertThat(rejected("outbound")).isEqualTo(outboundBefore + 1);
      out.hangup().await();
      try (SipCaller in = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
        SipResponse ok = in.invite("+15550100");
        assertThat(ok.status()).as("the slot is free once the outbound call ended").isEqualTo(200);
        in.ack(ok);
        assertThat(in.bye().status()).isEqualTo(200);
      }
    } finally {
      node.directory().put("demo", Kind.TRUNK, "loopback", trunk, IfMatch.ANY).await();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 0
        && node.outbound().activeCalls() == 0 && slotsInRedis() == 0);
  }

  private static long slotsInRedis() throws Exception {
    return Lua.toVertx(redis.commands().hlen(TRUNK_KEY), node.vertx().getOrCreateContext()).await();
  }

  private static double rejected() {
    return rejected("inbound");
  }

  private static double rejected(String direction) {
    var c = io.micrometer.core.instrument.Metrics.globalRegistry.find("switchboard.sip.trunk.rejected")
        .tags("trunk", "loopback", "direction", direction, "reason", "max-concurrent-calls").counter();
    return c == null ? 0 : c.count();
  }

  /** One sipp run of resources/sipp/trunk-limit.xml: {@code calls} callers dialled at once. */
  private record Run(Process process, Path log) {
    record Outcome(int exit, int answered, int refused, String log) {}

    static Run start(int calls, int sipPort) throws Exception {
      Path sipp = Tools.require("sipp");
      Path scenario = Path.of(TrunkLimitIT.class.getResource("/sipp/trunk-limit.xml").toURI());
      Path log = Files.createTempFile("sipp-trunk", ".log");
      Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", "+15550100",
          "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
          "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", String.valueOf(calls), "-l", String.valueOf(calls),
          "-r", "100", "-nostdin", "-recv_timeout", "10000", "-timeout", "30s",
          "-timeout_error", "127.0.0.1:" + sipPort)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Run(p, log);
    }

    Outcome await() throws Exception {
      try {
        assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("sipp finished").isTrue();
        String out = Files.readString(log);
        return new Outcome(process.exitValue(), last(out, "200 <----------"), last(out, "503 <----------"), out);
      } finally {
        process.destroyForcibly();
        Files.deleteIfExists(log);
      }
    }

    /** The count on the last screen sipp printed for the first scenario line starting with {@code line}. */
    private static int last(String out, String line) {
      Matcher m = Pattern.compile(Pattern.quote(line) + "\\s+(\\d+)").matcher(out);
      int n = -1;
      int screenStart = out.lastIndexOf("Messages  Retrans");
      if (screenStart < 0) {
        screenStart = 0;
      }
      if (m.find(screenStart)) {
        n = Integer.parseInt(m.group(1));
      }
      return n;
    }
  }
}
