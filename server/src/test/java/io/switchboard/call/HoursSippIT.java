package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.AcdException;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Kind;
import io.switchboard.support.SippListener;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private static Heard call() throws Exception {
    return call(() -> {});
  }

  /** One sipp call to {@link #NUMBER}; {@code meanwhile} runs while it lasts; returns what the caller heard. */
  private static Heard call(SippListener.Step meanwhile) throws Exception {
    SippListener.Heard heard = SippListener.call(node.sipPort(), NUMBER, meanwhile);
    byte[] prompt;
    try (InputStream in = HoursSippIT.class.getResourceAsStream("/audio/prompts/en/" + AfterHours.CLOSED_PROMPT
        + ".ul")) {
      prompt = in.readAllBytes();
    }
    return new Heard(heard.exit(), heard.log(), heard.framesOf(prompt));
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
