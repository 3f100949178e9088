package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.AcdException;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.G711;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Business hours applied to real SIP callers (sipp, {@code sipp/listen-until-bye.xml}, its RTP sent to this test's
 * socket) with the node's hours judged by a {@link TestClock}: a caller arriving while the queue is closed hears the
 * closed prompt, gets a BYE and never reaches the agent waiting for that queue; a caller waiting when the queue
 * closes is taken out of the queue (call.closed, state closed), hears the prompt and gets a BYE.
 */
class HoursSippIT {
  static final String T = "demo";
  static final String QUEUE = "after-hours-q";
  static final String NUMBER = "+15550177";
  static final String AGENT = "hours-agent";
  /** Mon-Fri 09:00-17:00 UTC; 2026-12-07 is a Monday. */
  static final Instant MONDAY_NIGHT = Instant.parse("2026-12-07T20:00:00Z");
  static final Instant MONDAY_BEFORE_CLOSE = Instant.parse("2026-12-07T16:59:50Z");
  static final Instant MONDAY_CLOSED = Instant.parse("2026-12-07T17:00:01Z");
  static Node node;
  static TestClock clock;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("hours-sipp-it", Map.of());
    clock = new TestClock(MONDAY_NIGHT.toEpochMilli());
    node.calls().clock(clock);
    JsonArray weekly = new JsonArray();
    for (String d : List.of("mon", "tue", "wed", "thu", "fri")) {
      weekly.add(new JsonObject().put("day", d).put("open", "09:00").put("close", "17:00"));
    }
    put(Kind.BUSINESS_HOURS, "hours-it", new JsonObject().put("name", "IT hours").put("timezone", "UTC")
        .put("weekly", weekly));
    put(Kind.QUEUE, QUEUE, new JsonObject().put("name", "After hours").put("businessHours", "hours-it")
        .put("afterHours", "goodbye"));
    put(Kind.PHONE_NUMBER, NUMBER.substring(1), new JsonObject().put("number", NUMBER).put("queue", QUEUE));
    put(Kind.AGENT, AGENT, new JsonObject().put("username", AGENT).put("displayName", AGENT)
        .put("roles", new JsonArray().add("agent")).put("queues", new JsonArray().add(QUEUE))
        .put("password", "hours-agent-password"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  private static void put(Kind kind, String id, JsonObject body) {
    node.directory().put(T, kind, id, body, null).await();
  }

  @Test
  void aCallerArrivingWhileClosedHearsTheClosedPromptGetsAByeAndNeverReachesTheWaitingAgent() throws Exception {
    clock.setMillis(MONDAY_NIGHT.toEpochMilli());
    node.acd().setState(T, AGENT, AgentState.AVAILABLE, null, "hours-sipp-it").await();
    long closedBefore = queue().closed();
    long offeredBefore = queue().offered();
    Heard heard = call();
    assertThat(heard.exit).as(heard.log).isZero();  // sipp got and answered the BYE
    assertThat(heard.promptFrames).as("frames of the closed prompt heard").isGreaterThanOrEqualTo(100);
    assertThat(node.acd().agent(T, AGENT).await().state()).as("never offered").isEqualTo(AgentState.AVAILABLE);
    assertThat(queue().closed()).isEqualTo(closedBefore + 1);
    assertThat(queue().offered()).as("turned away: not offered").isEqualTo(offeredBefore);
    Map<String, String> event = lastClosedEvent();
    assertThat(event).containsEntry("queue", QUEUE).containsEntry("atArrival", "1");
    String callId = event.get("callId");
    assertThatThrownBy(() -> node.acd().call(T, callId).await()).as("the ACD never held it")
        .isInstanceOf(AcdException.class);
    assertThat(record(callId)).containsEntry("outcome", "turned-away").containsEntry("ended_by", "closed")
        .containsEntry("legs", "0");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(node.calls().activeCalls()).isZero());
    node.acd().setState(T, AGENT, AgentState.OFFLINE, null, "hours-sipp-it").await();
  }

  @Test
  void aCallerWaitingWhenTheQueueClosesIsClosedOutWithThePromptAndABye() throws Exception {
    clock.setMillis(MONDAY_BEFORE_CLOSE.toEpochMilli());
    long closedBefore = queue().closed();
    long abandonedBefore = queue().abandoned();
    Heard heard = call(() -> {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queue().waiting()).isEqualTo(1));
      Thread.sleep(1500);  // the hours are checked every second: still open, the caller keeps waiting
      assertThat(queue().waiting()).isEqualTo(1);
      clock.setMillis(MONDAY_CLOSED.toEpochMilli());
    });
    assertThat(heard.exit).as(heard.log).isZero();
    assertThat(heard.promptFrames).as("frames of the closed prompt heard").isGreaterThanOrEqualTo(100);
    assertThat(queue().waiting()).isZero();
    assertThat(queue().closed()).isEqualTo(closedBefore + 1);
    assertThat(queue().abandoned()).as("closed, not abandoned").isEqualTo(abandonedBefore);
    Map<String, String> event = lastClosedEvent();
    assertThat(event).containsEntry("queue", QUEUE).doesNotContainKey("atArrival");
    assertThat(node.acd().call(T, event.get("callId")).await().state()).isEqualTo("closed");
    assertThat(record(event.get("callId"))).containsEntry("outcome", "closed").containsEntry("ended_by", "closed");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(node.calls().activeCalls()).isZero());
  }

  private record Heard(int exit, String log, int promptFrames) {}

  private interface Step {
    void run() throws Exception;
  }

  private static Heard call() throws Exception {
    return call(() -> {});
  }

  /** One sipp call to {@link #NUMBER}; {@code meanwhile} runs while it lasts; returns what the caller heard. */
  private static Heard call(Step meanwhile) throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(HoursSippIT.class.getResource("/sipp/listen-until-bye.xml").toURI());
    Path log = Files.createTempFile("sipp-hours", ".log");
    Set<String> prompt = promptFrames();
    try (DatagramSocket rtp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      rtp.setSoTimeout(200);
      Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", NUMBER,
          "-key", "rtpport", String.valueOf(rtp.getLocalPort()),
          "-i", "127.0.0.1", "-p", String.valueOf(EmbeddedRedis.freePort()),
          "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
          "-timeout", "40s", "-timeout_error", "127.0.0.1:" + node.sipPort())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        List<byte[]> frames = new ArrayList<>();
        Thread reader = new Thread(() -> receive(rtp, p, frames), "hours-rtp");
        reader.start();
        meanwhile.run();
        assertThat(p.waitFor(35, TimeUnit.SECONDS)).as("sipp finished").isTrue();
        reader.join(5000);
        int matching = 0;
        synchronized (frames) {
          for (byte[] f : frames) {
            if (prompt.contains(key(f))) {
              matching++;
            }
          }
        }
        return new Heard(p.exitValue(), Files.readString(log), matching);
      } finally {
        p.destroyForcibly();
        Files.deleteIfExists(log);
      }
    }
  }

  /** PCMU payloads received until sipp exits (and a little after). */
  private static void receive(DatagramSocket rtp, Process p, List<byte[]> frames) {
    byte[] buf = new byte[2048];
    long stopAt = Long.MAX_VALUE;
    while (System.nanoTime() < stopAt) {
      if (!p.isAlive() && stopAt == Long.MAX_VALUE) {
        stopAt = System.nanoTime() + 300_000_000L;
      }
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      try {
        rtp.receive(d);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (Exception e) {
        return;
      }
      int off = 12 + 4 * (buf[0] & 0x0f);
      if ((buf[1] & 0x7f) != 0 || d.getLength() - off != 160) {
        continue;
      }
      byte[] payload = new byte[160];
      System.arraycopy(buf, off, payload, 0, 160);
      synchronized (frames) {
        frames.add(payload);
      }
    }
  }

  /** The closed prompt's 20 ms frames as decoded PCM (µ-law 0x7F and 0xFF both decode to 0). */
  private static Set<String> promptFrames() throws Exception {
    byte[] clip;
    try (InputStream in = HoursSippIT.class.getResourceAsStream("/audio/prompts/" + AfterHours.CLOSED_PROMPT + ".ul")) {
      clip = in.readAllBytes();
    }
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 160 <= clip.length; i += 160) {
      byte[] f = new byte[160];
      System.arraycopy(clip, i, f, 0, 160);
      out.add(key(f));
    }
    return out;
  }

  private static String key(byte[] ulaw) {
    short[] pcm = new short[160];
    G711.decodeUlaw(ulaw, 0, 160, pcm);
    return java.util.Arrays.toString(pcm);
  }

  /** The newest call.closed event's fields, once the records pipeline has stored it (PostgreSQL). */
  private static Map<String, String> lastClosedEvent() {
    Map<String, String> out = new HashMap<>();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      out.clear();
      try (Connection c = node.database().dataSource().getConnection();
           PreparedStatement st = c.prepareStatement("SELECT fields::text FROM events WHERE tenant = ? AND type = ? "
               + "AND ts > now() - interval '1 minute' ORDER BY entry_ms DESC, entry_seq DESC LIMIT 1")) {
        st.setString(1, T);
        st.setString(2, "call.closed");
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).as("a call.closed event").isTrue();
          new JsonObject(rs.getString(1)).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
      }
    });
    return out;
  }

  /** The call's interaction record (outcome, ended_by, legs), once the projection has written it. */
  private static Map<String, String> record(String callId) {
    Map<String, String> out = new HashMap<>();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      try (Connection c = node.database().dataSource().getConnection();
           PreparedStatement st = c.prepareStatement("SELECT i.outcome, i.ended_by, (SELECT count(*) FROM agent_legs l "
               + "WHERE l.tenant = i.tenant AND l.call_id = i.call_id) FROM interactions i "
               + "WHERE i.tenant = ? AND i.call_id = ?")) {
        st.setString(1, T);
        st.setString(2, callId);
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).as("interaction " + callId).isTrue();
          assertThat(rs.getString(1)).as("ended").isNotEqualTo("open");
          out.put("outcome", rs.getString(1));
          out.put("ended_by", rs.getString(2));
          out.put("legs", String.valueOf(rs.getLong(3)));
        }
      }
    });
    return out;
  }

  private static TenantStats.QueueStats queue() {
    return node.acd().stats(T).await().queues().stream().filter(s -> s.queue().equals(QUEUE)).findFirst()
        .orElseThrow();
  }
}
