package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.redis.Keys;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * E-mail conversations counted apart from chats in acd-chat.lua on a real Redis: an agent at its chat capacity
 * still takes an e-mail and one at its e-mail capacity a chat; the e-mail counts are the agent's own, else its
 * team's, else the node's defaults; an e-mail's slot is freed on end, reject, transfer and no answer (the sweep),
 * and an e-mail moved into a chat queue still counts as an e-mail; e-mails within emailsDuringCall leave room for a
 * call, more keep calls away.
 */
class AcdEmailCapacityIT {
  static final String T = "eml";
  static final long START = Instant.parse("2026-12-07T15:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture n1;
  RedisChatRouting routing;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    n1 = new AcdFixture("n1", clock);
    routing = new RedisChatRouting(n1.acd, 1, 0, 2, 1);  // defaults: 1 chat (0 during a call), 2 e-mails (1)
    n1.queue(T, "web", new JsonObject().put("channel", "chat").put("noAnswerSeconds", 15));
    n1.queue(T, "mail", new JsonObject().put("channel", "email").put("noAnswerSeconds", 15));
    n1.queue(T, "support", new JsonObject().put("channel", "voice").put("wrapUpSeconds", 0).put("noAnswerSeconds", 15));
  }

  @AfterEach
  void tearDown() {
    n1.close();
  }

  private void agent(String id, JsonObject extra) {
    n1.agentDoc(T, id, extra.copy().put("queues", new JsonArray(List.of("web", "mail", "support"))));
  }

  private void available(String agent) {
    n1.acd.setState(T, agent, AgentState.AVAILABLE, null, "n1").await();
  }

  private ChatRouting.Placed chat(String id) {
    return routing.enqueue(T, id, "web", "Carla " + id).await();
  }

  private ChatRouting.Placed email(String id) {
    return routing.enqueue(T, id, "mail", "carla@example.com").await();
  }

  private Set<String> items(String agent, String set) {
    return AcdFixture.await(n1.r().smembers(Keys.tenant(T) + ":acd:agent:" + agent + ":" + set));
  }

  @Test
  void anAgentFullOfChatsTakesAnEmailAndOneFullOfEmailsAChat() {
    agent("ann", new JsonObject());
    available("ann");
    assertThat(chat("chat-1").agentId()).isEqualTo("ann");
    assertThat(chat("chat-2")).as("chat capacity 1 reached").isEqualTo(new ChatRouting.Placed("waiting", null));
    assertThat(email("mail-1").agentId()).as("an e-mail still fits").isEqualTo("ann");
    assertThat(email("mail-2").agentId()).isEqualTo("ann");
    assertThat(email("mail-3")).as("e-mail capacity 2 reached").isEqualTo(new ChatRouting.Placed("waiting", null));
    assertThat(items("ann", "chats")).containsExactly("chat-1");
    assertThat(items("ann", "emails")).containsExactlyInAnyOrder("mail-1", "mail-2");

    routing.accept(T, "ann", "chat-1").await();
    routing.end(T, "chat-1").await();
    assertThat(items("ann", "chats")).as("the chat's room takes the waiting chat, not the e-mail")
        .containsExactly("chat-2");
    assertThat(items("ann", "emails")).containsExactlyInAnyOrder("mail-1", "mail-2");
    routing.accept(T, "ann", "mail-1").await();
    routing.end(T, "mail-1").await();
    assertThat(items("ann", "emails")).as("the e-mail's room takes the waiting e-mail")
        .containsExactlyInAnyOrder("mail-2", "mail-3");
  }

  @Test
  void anAgentsOwnEmailCapacityWinsThenItsTeamsThenTheDefault() {
    AcdFixture.await(n1.r().set(Keys.directory(T, "team", "t1"), new JsonObject().put("id", "t1").put("name", "T1")
        .put("emailCapacity", 3).put("emailsDuringCall", 0).encode()));
    agent("ann", new JsonObject().put("team", "t1").put("emailCapacity", 1).put("emailsDuringCall", 1));
    agent("ben", new JsonObject().put("team", "t1"));
    agent("cid", new JsonObject().put("team", "t2"));  // t2 has no document: the defaults
    available("ann");
    available("ben");
    available("cid");
    for (int i = 1; i <= 6; i++) {
      clock.advanceSeconds(1);
      assertThat(email("mail-" + i).state()).as("mail-%d", i).isEqualTo("reserved");
    }
    assertThat(email("mail-7")).as("all full").isEqualTo(new ChatRouting.Placed("waiting", null));
    assertThat(items("ann", "emails")).as("its own 1").hasSize(1);
    assertThat(items("ben", "emails")).as("team t1's 3").hasSize(3);
    assertThat(items("cid", "emails")).as("the default 2").hasSize(2);
    assertThat(items("ben", "chats")).isEmpty();
    String agents = Keys.tenant(T) + ":acd:agent:";
    assertThat(AcdFixture.await(n1.r().hget(agents + "ann", "emailsDuringCall"))).isEqualTo("1");
    assertThat(AcdFixture.await(n1.r().hget(agents + "ben", "emailsDuringCall"))).isEqualTo("0");
    assertThat(AcdFixture.await(n1.r().hget(agents + "cid", "emailsDuringCall"))).isEqualTo("1");
  }

  @Test
  void anEmailsSlotIsFreedOnRejectNoAnswerAndTransferAndItStaysAnEmailInAChatQueue() {
    agent("ann", new JsonObject().put("emailCapacity", 1));
    agent("ben", new JsonObject().put("emailCapacity", 1).put("chatCapacity", 0));
    available("ann");
    assertThat(email("mail-1").agentId()).isEqualTo("ann");
    available("ben");
    assertThat(routing.reject(T, "ann", "mail-1").await()).isEqualTo(new ChatRouting.Placed("reserved", "ben"));
    assertThat(items("ann", "emails")).as("freed on reject").isEmpty();

    clock.advanceSeconds(16);
    assertThat(routing.sweep(T).await()).isEqualTo(1);
    assertThat(items("ben", "emails")).as("freed on no answer").isEmpty();
    assertThat(items("ann", "emails")).containsExactly("mail-1");

    routing.accept(T, "ann", "mail-1").await();
    assertThat(routing.transfer(T, "ann", "mail-1", null, "ben").await())
        .isEqualTo(new ChatRouting.Placed("reserved", "ben"));
    assertThat(items("ann", "emails")).as("freed on transfer to an agent").isEmpty();
    routing.accept(T, "ben", "mail-1").await();
    assertThat(email("mail-2").agentId()).as("ann has its e-mail room again").isEqualTo("ann");
    Map<String, String> before = n1.snapshot(T);
    assertThatThrownBy(() -> routing.transfer(T, "ann", "mail-2", null, "ben").await())
        .as("ben's one e-mail slot is taken (its free chat room does not count)")
        .isInstanceOf(AcdException.class);
    assertThat(n1.snapshot(T)).isEqualTo(before);

    routing.accept(T, "ann", "mail-2").await();
    assertThat(routing.transfer(T, "ann", "mail-2", "web", null).await()).as("to a chat queue: still an e-mail")
        .isEqualTo(new ChatRouting.Placed("waiting", null));
    assertThat(AcdFixture.await(n1.r().hget(Keys.tenant(T) + ":acd:chat:mail-2", "channel"))).isEqualTo("email");
    // ann's freed e-mail room is refilled at once from its queues (web among them): the e-mail is back in its
    // e-mail slots, its chat slot (1, empty) untouched
    assertThat(items("ann", "emails")).containsExactly("mail-2");
    assertThat(items("ann", "chats")).isEmpty();
    routing.end(T, "mail-2").await();
    routing.end(T, "mail-1").await();
    assertThat(items("ann", "emails")).isEmpty();
    assertThat(items("ben", "emails")).as("freed on end").isEmpty();
  }

  @Test
  void emailsWithinEmailsDuringCallLeaveRoomForACallMoreKeepCallsAway() {
    agent("ann", new JsonObject());  // defaults: 2 e-mails, 1 during a call
    available("ann");
    email("mail-1");
    routing.accept(T, "ann", "mail-1").await();
    n1.acd.enqueue(T, new CallSpec("i1", "support", null, Map.of(), null, "+15550001", null, null, "n1")).await();
    assertThat(n1.acd.agent(T, "ann").await().callId()).as("1 e-mail allows a call").isEqualTo("i1");
    n1.acd.accept(T, "ann", "i1").await();
    assertThat(email("mail-2")).as("a second e-mail waits during the call")
        .isEqualTo(new ChatRouting.Placed("waiting", null));
    n1.acd.hangup(T, "ann", "i1").await();
    routing.sweep(T).await();
    assertThat(items("ann", "emails")).as("after the call: up to 2").containsExactlyInAnyOrder("mail-1", "mail-2");
    n1.acd.enqueue(T, new CallSpec("i2", "support", null, Map.of(), null, "+15550002", null, null, "n1")).await();
    assertThat(n1.waiting(T, "support")).as("2 e-mails > 1: no call").containsExactly("i2");
    routing.end(T, "mail-2").await();
    assertThat(n1.acd.agent(T, "ann").await().callId()).as("back to 1: the call is offered").isEqualTo("i2");
  }
}
