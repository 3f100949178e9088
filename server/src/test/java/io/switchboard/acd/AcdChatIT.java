package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.Envelope;
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
 * Chats in the ACD's scripts on a real Redis (acd-chat.lua and the voice routing it shares): a chat is offered to
 * one agent with room (chat.offered, decoded by the bus codec), the agent's capacity holds (up to its chatCapacity
 * without a call, its chatsDuringCall with one), an agent busy with chats is offered no call until they end, an
 * offer not answered is requeued to another agent, transfers to a queue and to an agent, and a voice queue or an
 * agent without room is refused with nothing changed.
 */
class AcdChatIT {
  static final String T = "cht";
  static final long START = Instant.parse("2026-12-07T15:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture n1;
  RedisChatRouting chats;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    n1 = new AcdFixture("n1", clock);
    chats = new RedisChatRouting(n1.acd, 3, 0, 2, 1);
    n1.queue(T, "web", new JsonObject().put("channel", "chat").put("noAnswerSeconds", 15));
    n1.queue(T, "web-vip", new JsonObject().put("channel", "chat").put("noAnswerSeconds", 15).put("priority", 50));
    n1.queue(T, "support", new JsonObject().put("channel", "voice").put("wrapUpSeconds", 0).put("noAnswerSeconds", 15));
    agent("ann", 2, 1);
    agent("ben", null, null);
  }

  @AfterEach
  void tearDown() {
    n1.close();
  }

  private void agent(String id, Integer capacity, Integer during) {
    n1.agentDoc(T, id, new JsonObject().put("queues", new JsonArray(List.of("web", "web-vip", "support")))
        .put("chatCapacity", capacity).put("chatsDuringCall", during));
  }

  private void available(String agent) {
    n1.acd.setState(T, agent, AgentState.AVAILABLE, null, "n1").await();
  }

  private ChatRouting.Placed enqueue(String chat) {
    return chats.enqueue(T, chat, "web", "Carla " + chat).await();
  }

  private Set<String> chatsOf(String agent) {
    return AcdFixture.await(n1.r().smembers(Keys.tenant(T) + ":acd:agent:" + agent + ":chats"));
  }

  private List<AgentMessage> messages(String agent) {
    return n1.delivered().publishedText.stream().map(BusCodec::decode)
        .filter(e -> e instanceof Envelope.ToAgent a && a.agentId().equals(agent))
        .map(e -> ((Envelope.ToAgent) e).message()).toList();
  }

  private List<AgentMessage.ChatOffered> offers(String agent) {
    return messages(agent).stream().filter(m -> m instanceof AgentMessage.ChatOffered)
        .map(m -> (AgentMessage.ChatOffered) m).toList();
  }

  @Test
  void aChatWaitsUntilAnAgentIsFreeThenIsOfferedToOneAgentOnce() {
    assertThat(enqueue("chat-1")).isEqualTo(new ChatRouting.Placed("waiting", null));
    available("ann");
    assertThat(chats.sweep(T).await()).isEqualTo(1);
    assertThat(chatsOf("ann")).containsExactly("chat-1");
    AgentMessage.ChatOffered o = offers("ann").get(0);
    assertThat(o).isEqualTo(new AgentMessage.ChatOffered("chat-1", "web", "Carla chat-1", START + 15_000, START));

    available("ben");
    assertThat(chats.sweep(T).await()).as("nothing left to route").isZero();
    assertThat(enqueue("chat-1")).as("enqueued again: where it is").isEqualTo(new ChatRouting.Placed("reserved", "ann"));
    assertThat(offers("ben")).isEmpty();
    assertThat(chats.accept(T, "ann", "chat-1").await()).isEqualTo(new ChatRouting.Placed("connected", "ann"));
    assertThatThrownBy(() -> chats.accept(T, "ben", "chat-1").await())
        .hasMessageContaining("not offered to or worked on by ben");
  }

  @Test
  void capacityHoldsAndTheLeastBusyAgentIsOfferedFirst() {
    available("ann");  // chatCapacity 2
    assertThat(enqueue("chat-1").agentId()).isEqualTo("ann");
    available("ben");  // the default: 3
    clock.advanceSeconds(1);
    assertThat(enqueue("chat-2").agentId()).as("fewest chats first").isEqualTo("ben");
    clock.advanceSeconds(1);
    assertThat(enqueue("chat-3").agentId()).as("a tie: offered a chat longest ago").isEqualTo("ann");
    assertThat(enqueue("chat-4").agentId()).as("ann is full").isEqualTo("ben");
    assertThat(enqueue("chat-5").agentId()).isEqualTo("ben");
    assertThat(enqueue("chat-6")).as("both full").isEqualTo(new ChatRouting.Placed("waiting", null));
    assertThat(chatsOf("ann")).containsExactlyInAnyOrder("chat-1", "chat-3");

    chats.accept(T, "ann", "chat-1").await();
    chats.end(T, "chat-1").await();
    assertThat(chatsOf("ann")).as("the freed room takes the waiting chat at once")
        .containsExactlyInAnyOrder("chat-3", "chat-6");
  }

  @Test
  void oneCallAndOneChatForAnAgentSoConfiguredNoCallWhileChatsExceedIt() {
    available("ann");  // chatsDuringCall 1
    available("ben");  // chatsDuringCall 0 (the default)
    n1.acd.setState(T, "ben", AgentState.AWAY, "lunch", "n1").await();
    n1.acd.enqueue(T, new CallSpec("i1", "support", null, Map.of(), null, "+15550001", null, null, "n1")).await();
    n1.acd.accept(T, "ann", "i1").await();
    assertThat(enqueue("chat-1").agentId()).as("1 call and 1 chat").isEqualTo("ann");
    assertThat(enqueue("chat-2")).as("not a second one during the call").isEqualTo(new ChatRouting.Placed("waiting", null));
    n1.acd.hangup(T, "ann", "i1").await();
    chats.sweep(T).await();
    assertThat(chatsOf("ann")).as("no call any more: up to 2").containsExactlyInAnyOrder("chat-1", "chat-2");

    n1.acd.enqueue(T, new CallSpec("i2", "support", null, Map.of(), null, "+15550002", null, null, "n1")).await();
    assertThat(n1.acd.agent(T, "ann").await().state()).as("2 chats > 1: no call").isEqualTo(AgentState.AVAILABLE);
    assertThat(n1.waiting(T, "support")).containsExactly("i2");
    chats.accept(T, "ann", "chat-2").await();
    chats.end(T, "chat-2").await();
    AgentStatus ann = n1.acd.agent(T, "ann").await();
    assertThat(ann.state()).as("1 chat left, which a call allows: the waiting call is offered")
        .isEqualTo(AgentState.RESERVED);
    assertThat(ann.callId()).isEqualTo("i2");
  }

  @Test
  void anAgentWithAChatAndNoRoomDuringACallIsOfferedNoCallUntilTheChatEnds() {
    available("ben");  // chatsDuringCall 0
    enqueue("chat-1");
    chats.accept(T, "ben", "chat-1").await();
    n1.acd.enqueue(T, new CallSpec("i1", "support", null, Map.of(), null, "+15550001", null, null, "n1")).await();
    assertThat(n1.waiting(T, "support")).containsExactly("i1");
    chats.end(T, "chat-1").await();
    assertThat(n1.acd.agent(T, "ben").await().callId()).isEqualTo("i1");
  }

  @Test
  void anOfferNotAnsweredGoesToAnotherAgent() {
    available("ann");
    enqueue("chat-1");
    available("ben");
    clock.advanceSeconds(16);
    assertThat(chats.sweep(T).await()).isEqualTo(1);
    assertThat(chatsOf("ann")).isEmpty();
    assertThat(chatsOf("ben")).containsExactly("chat-1");
    assertThat(messages("ann")).contains(new AgentMessage.ChatRevoked("chat-1", "no-answer"));
    assertThat(chats.reject(T, "ben", "chat-1").await()).as("a reject: the next agent")
        .isEqualTo(new ChatRouting.Placed("reserved", "ann"));
  }

  @Test
  void transfersToAQueueAndToAnAgentWithRoomOnly() {
    available("ann");
    enqueue("chat-1");
    chats.accept(T, "ann", "chat-1").await();
    available("ben");
    assertThat(chats.transfer(T, "ann", "chat-1", null, "ben").await())
        .isEqualTo(new ChatRouting.Placed("reserved", "ben"));
    assertThat(chatsOf("ann")).isEmpty();
    chats.accept(T, "ben", "chat-1").await();

    assertThat(chats.transfer(T, "ben", "chat-1", "web-vip", null).await()).as("the least busy agent of web-vip")
        .isEqualTo(new ChatRouting.Placed("reserved", "ann"));
    chats.accept(T, "ann", "chat-1").await();
    for (String c : List.of("chat-2", "chat-3", "chat-4", "chat-5")) {
      assertThat(enqueue(c).state()).isEqualTo("reserved");
    }
    assertThat(chatsOf("ben")).as("full: 3 of 3").hasSize(3);
    assertThat(chatsOf("ann")).as("full: 2 of 2").hasSize(2);
    Map<String, String> before = n1.snapshot(T);
    assertThatThrownBy(() -> chats.transfer(T, "ann", "chat-1", null, "ben").await())
        .isInstanceOf(AcdException.class).hasMessageContaining("cannot take a chat now");
    assertThatThrownBy(() -> chats.transfer(T, "ann", "chat-1", "support", null).await())
        .hasMessageContaining("not a chat queue");
    assertThat(n1.snapshot(T)).as("nothing changed").isEqualTo(before);
  }

  @Test
  void aVoiceQueueOrAnUnknownQueueIsRefusedAndAChatQueueTakesNoCall() {
    assertThatThrownBy(() -> chats.enqueue(T, "chat-1", "support", null).await())
        .isInstanceOf(AcdException.class).hasMessageContaining("support is not a chat queue");
    assertThatThrownBy(() -> chats.enqueue(T, "chat-1", "nope", null).await())
        .isInstanceOf(AcdException.class).hasMessageContaining("queue nope does not exist");
    assertThatThrownBy(() -> n1.acd.enqueue(T, new CallSpec("call-1", "web", null, Map.of(), null, null, null, null,
        "n1")).await()).as("a call into a chat queue")
        .isInstanceOf(AcdException.class).hasMessageContaining("web is a chat queue");
    assertThat(n1.waiting(T, "web")).isEmpty();
  }

  @Test
  void anAgentsOwnCapacityWinsThenItsTeamsThenTheDefault() {
    AcdFixture.await(n1.r().set(Keys.directory(T, "team", "t1"), new JsonObject().put("id", "t1").put("name", "T1")
        .put("chatCapacity", 1).put("chatsDuringCall", 2).encode()));
    n1.agentDoc(T, "cid", new JsonObject().put("queues", new JsonArray(List.of("web"))).put("team", "t2"));
    available("ann");  // its own 2 and 1 (team t1)
    available("ben");  // none of its own: team t1's 1 and 2
    available("cid");  // team t2 has no document: the defaults 3 and 0
    for (int i = 1; i <= 6; i++) {
      clock.advanceSeconds(1);
      assertThat(enqueue("chat-" + i).state()).as("chat-%d", i).isEqualTo("reserved");
    }
    assertThat(enqueue("chat-7")).as("all full").isEqualTo(new ChatRouting.Placed("waiting", null));
    assertThat(chatsOf("ann")).hasSize(2);
    assertThat(chatsOf("ben")).hasSize(1);
    assertThat(chatsOf("cid")).hasSize(3);
    String agents = Keys.tenant(T) + ":acd:agent:";
    assertThat(AcdFixture.await(n1.r().hget(agents + "ann", "chatsDuringCall"))).isEqualTo("1");
    assertThat(AcdFixture.await(n1.r().hget(agents + "ben", "chatsDuringCall"))).isEqualTo("2");
    assertThat(AcdFixture.await(n1.r().hget(agents + "cid", "chatsDuringCall"))).isEqualTo("0");
  }

  @Test
  void heldListsTheAgentsOffersAndChatsOldestFirst() {
    assertThat(chats.held(T, "ann").await()).isEmpty();
    available("ann");
    enqueue("chat-1");
    clock.advanceSeconds(1);
    enqueue("chat-2");
    chats.accept(T, "ann", "chat-1").await();
    assertThat(chats.held(T, "ann").await()).containsExactly(
        new ChatRouting.Held("chat-1", "web", "connected", "Carla chat-1", 0, START),
        new ChatRouting.Held("chat-2", "web", "reserved", "Carla chat-2", START + 16_000, START + 1_000));
    assertThat(chats.held(T, "ben").await()).isEmpty();
  }

  @Test
  void aCallWhoseOverflowQueueBecameAChatQueueStaysWhereItWaits() {
    n1.queue(T, "first", new JsonObject().put("maxWaitSeconds", 30).put("overflowQueue", "web"));
    n1.acd.enqueue(T, new CallSpec("old", "first", null, Map.of(), null, null, null, null, "n1")).await();
    clock.advanceSeconds(31);
    n1.acd.sweep(T).await();
    assertThat(n1.acd.call(T, "old").await().queue()).isEqualTo("first");
    assertThat(n1.waiting(T, "first")).containsExactly("old");
    assertThat(n1.waiting(T, "web")).isEmpty();
  }
}
