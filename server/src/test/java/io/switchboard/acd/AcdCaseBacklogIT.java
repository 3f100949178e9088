package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.Envelope;
import io.switchboard.redis.Keys;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cases in the ACD's scripts on a real Redis (acd-case.lua and the routing it shares with calls): a case waits in its
 * queue's backlog, out of the waiting set of calls; a free agent is offered it (call.offered with the case's
 * subject, priority and due time, decoded by the bus codec), but a waiting call first, even a younger one of a queue
 * of priority 0; accepting connects the agent to nothing, hanging up makes it available at once with no wrap-up and
 * offers the next case; a reject or no answer sends it to the next agent; a move to another queue takes the offer
 * back and offers it there; a case that leaves the backlog is never offered again; urgent before normal.
 */
class AcdCaseBacklogIT {
  static final String T = "cas";
  static final long START = Instant.parse("2026-12-07T15:00:00Z").toEpochMilli();
  static final long DUE = START + 86_400_000L;

  TestClock clock;
  AcdFixture n1;
  RedisCaseBacklog backlog;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    n1 = new AcdFixture("n1", clock);
    backlog = new RedisCaseBacklog(n1.acd);
    n1.queue(T, "support", new JsonObject().put("priority", 0).put("wrapUpSeconds", 30).put("noAnswerSeconds", 15));
    n1.queue(T, "billing", new JsonObject().put("priority", 0).put("wrapUpSeconds", 30).put("noAnswerSeconds", 15));
    n1.agent(T, "ann", Map.of(), List.of("en"), List.of("support"));
    n1.agent(T, "ben", Map.of(), List.of("en"), List.of("support"));
    n1.agent(T, "cid", Map.of(), List.of("en"), List.of("billing"));
  }

  @AfterEach
  void tearDown() {
    n1.close();
  }

  private CaseBacklog.Placed place(long id, String queue, long rank) {
    return backlog.place(T, new CaseBacklog.Item(id, queue, rank, "Refund " + id, "high", DUE)).await();
  }

  private void available(String agent) {
    n1.acd.setState(T, agent, AgentState.AVAILABLE, null, "n1").await();
  }

  /** The call or case reserved for the agent (ringing), or null. */
  private String offered(String agent) {
    AgentStatus a = n1.acd.agent(T, agent).await();
    return a.state() == AgentState.RESERVED ? a.callId() : null;
  }

  private List<String> backlogOf(String queue) {
    return AcdFixture.await(n1.r().zrange(Keys.tenant(T) + ":acd:q:" + queue + ":cases", 0, -1));
  }

  private List<AgentMessage.CallOffered> offers(String agent) {
    return n1.delivered().publishedText.stream().map(BusCodec::decode)
        .filter(e -> e instanceof Envelope.ToAgent a && a.agentId().equals(agent)
            && a.message() instanceof AgentMessage.CallOffered)
        .map(e -> (AgentMessage.CallOffered) ((Envelope.ToAgent) e).message()).toList();
  }

  @Test
  void aCaseWaitsInTheBacklogAndIsOfferedToTheFirstFreeAgentWithItsSubject() {
    assertThat(place(7, "support", 100)).isEqualTo(new CaseBacklog.Placed("waiting", null));
    assertThat(backlogOf("support")).containsExactly("case-7");
    assertThat(n1.waiting(T, "support")).as("not a waiting call").isEmpty();

    available("ann");
    assertThat(offered("ann")).isEqualTo("case-7");
    assertThat(backlogOf("support")).isEmpty();
    AgentMessage.CallOffered o = offers("ann").get(0);
    assertThat(o.caseId()).isEqualTo(7L);
    assertThat(o.subject()).isEqualTo("Refund 7");
    assertThat(o.casePriority()).isEqualTo("high");
    assertThat(o.dueAt()).isEqualTo(DUE);
    assertThat(o.deadline()).isEqualTo(START + 15_000);

    available("ben");
    assertThat(offered("ben")).as("never offered twice at once").isNull();
    assertThat(place(7, "support", 100)).as("placing it again changes nothing")
        .isEqualTo(new CaseBacklog.Placed("reserved", "ann"));
    assertThat(offers("ben")).isEmpty();
  }

  @Test
  void aWaitingCallIsOfferedBeforeACaseThenTheCaseAfterTheCall() {
    place(8, "support", 100);
    clock.advanceSeconds(60);
    n1.acd.enqueue(T, new CallSpec("i1", "support", null, Map.of(), null, "+15550001", null, null, "n1")).await();

    available("ann");
    assertThat(offered("ann")).as("the call, though the case waited longer").isEqualTo("i1");
    n1.acd.accept(T, "ann", "i1").await();
    n1.acd.hangup(T, "ann", "i1").await();
    assertThat(n1.acd.agent(T, "ann").await().state()).as("a call's wrap-up first").isEqualTo(AgentState.WRAP_UP);
    n1.acd.wrapUpDone(T, "ann", "i1", "solved", "").await();
    assertThat(offered("ann")).isEqualTo("case-8");
  }

  @Test
  void acceptedItIsWorkedOnThenTheAgentIsFreeAtOnceForTheNextCase() {
    place(9, "support", 100);
    place(10, "support", 200);
    available("ann");
    assertThat(offered("ann")).isEqualTo("case-9");
    n1.acd.accept(T, "ann", "case-9").await();
    assertThat(n1.acd.agent(T, "ann").await().state()).isEqualTo(AgentState.ON_CALL);
    assertThat(place(9, null, 100)).as("it has an owner now: its agent goes on")
        .isEqualTo(new CaseBacklog.Placed("connected", "ann"));
    available("ben");
    assertThat(offered("ben")).as("the next case goes to the other free agent").isEqualTo("case-10");

    n1.acd.hangup(T, "ann", "case-9").await();
    assertThat(n1.acd.agent(T, "ann").await().state()).as("no wrap-up for a case").isEqualTo(AgentState.AVAILABLE);
    assertThat(n1.callHash(T, "case-9")).containsEntry("state", "ended");
  }

  @Test
  void rejectedOrUnansweredItGoesToTheNextAgent() {
    available("ann");
    available("ben");
    place(11, "support", 100);
    String first = offered("ann") != null ? "ann" : "ben";
    String second = first.equals("ann") ? "ben" : "ann";
    assertThat(offered(first)).isEqualTo("case-11");
    assertThat(offered(second)).isNull();

    n1.acd.reject(T, first, "case-11").await();
    assertThat(offered(second)).isEqualTo("case-11");
    clock.advanceSeconds(16);
    n1.acd.sweep(T).await();
    assertThat(offered(second)).as("no answer: taken back").isNull();
    assertThat(backlogOf("support")).containsExactly("case-11");
    assertThat(offers(first)).hasSize(1);
    assertThat(offers(second)).hasSize(1);
  }

  @Test
  void movedToAnotherQueueTheOfferIsTakenBackAndTheOtherQueueGetsIt() {
    available("ann");
    place(12, "support", 100);
    assertThat(offered("ann")).isEqualTo("case-12");
    available("cid");

    assertThat(place(12, "billing", 100)).isEqualTo(new CaseBacklog.Placed("reserved", "cid"));
    assertThat(offered("ann")).isNull();
    assertThat(n1.messages("ann", "call.revoked")).anyMatch(m -> "case-12".equals(m.getString("callId"))
        && "moved".equals(m.getString("reason")));
    assertThat(n1.acd.agent(T, "ann").await().state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(offered("cid")).isEqualTo("case-12");
  }

  @Test
  void aCaseOutOfTheBacklogIsNeverOfferedAndUrgentGoesFirst() {
    place(13, "support", 2 * 10_000_000_000_000L + DUE);   // normal
    place(14, "support", 0 * 10_000_000_000_000L + DUE + 1); // urgent, due later
    place(15, "support", 100);
    assertThat(place(15, null, 100)).isEqualTo(new CaseBacklog.Placed("none", null));
    assertThat(backlogOf("support")).containsExactly("case-14", "case-13");
    assertThat(n1.callHash(T, "case-15")).containsEntry("state", "ended");

    available("ann");
    assertThat(offered("ann")).isEqualTo("case-14");
    available("ben");
    assertThat(offered("ben")).isEqualTo("case-13");
    assertThat(offers("ann").stream().map(AgentMessage.CallOffered::callId)).doesNotContain("case-15");
  }

  @Test
  void anUnknownQueueIsRefusedBeforeAnythingChanges() {
    Map<String, String> before = n1.snapshot(T);
    assertThatThrownBy(() -> place(16, "nowhere", 1)).hasMessageContaining("queue nowhere does not exist");
    assertThat(n1.snapshot(T)).isEqualTo(before);
  }
}
