package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lines handed on once each and in seq order: repeats and older lines are dropped, a gap is filled from the store
 * (held here as a list, the lines "stored" so far), lines heard while the store is read wait for it.
 */
class LineOrderTest {
  static final Chat CHAT = new Chat("t", "chat-1", null, null, null, null, null, null, ChatStatus.CONNECTED, "a1",
      null, null, null, 0, null, null);

  final List<ChatMessage> stored = new ArrayList<>();
  final List<Integer> told = new ArrayList<>();
  final List<Promise<List<ChatMessage>>> reads = new ArrayList<>();
  final List<Integer> readAfter = new ArrayList<>();
  final LineOrder order = new LineOrder(this::read, (tenant, chat, line) -> told.add(line.seq()));

  Future<List<ChatMessage>> read(String tenant, String chatId, int after) {
    Promise<List<ChatMessage>> p = Promise.promise();
    reads.add(p);
    readAfter.add(after);
    return p.future();
  }

  /** Completes the oldest pending read with the stored lines after its seq. */
  void answer() {
    int after = readAfter.remove(0);
    reads.remove(0).complete(stored.stream().filter(m -> m.seq() > after).toList());
  }

  ChatMessage line(int seq) {
    ChatMessage m = new ChatMessage("chat-1", seq, "customer", null, "line " + seq, Instant.EPOCH);
    if (stored.stream().noneMatch(s -> s.seq() == seq)) {
      stored.add(m);
    }
    return m;
  }

  @Test
  void linesInOrderPassAndRepeatsAreDropped() {
    order.line("t", CHAT, line(1));
    order.line("t", CHAT, line(2));
    order.line("t", CHAT, line(2));
    order.line("t", CHAT, line(1));
    assertThat(told).containsExactly(1, 2);
    assertThat(reads).isEmpty();
  }

  @Test
  void aGapIsFilledFromTheStoreAndTheLateLineIsThenDropped() {
    order.line("t", CHAT, line(1));
    line(2);  // stored, its event still on the way
    order.line("t", CHAT, line(3));
    assertThat(told).containsExactly(1);
    order.line("t", CHAT, line(4));  // heard while the store is read: waits
    assertThat(reads).hasSize(1);
    answer();
    assertThat(told).containsExactly(1, 2, 3, 4);
    order.line("t", CHAT, line(2));
    order.line("t", CHAT, line(5));
    assertThat(told).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void theFirstLineHeardIsTakenAsItComesAndAnEndedChatIsForgotten() {
    order.line("t", CHAT, line(7));
    assertThat(told).containsExactly(7);
    assertThat(order.size()).isEqualTo(1);
    order.forget("t", "chat-1");
    assertThat(order.size()).isZero();
  }

  @Test
  void aFailedReadGivesUpTheGapAndGoesOn() {
    order.line("t", CHAT, line(1));
    order.line("t", CHAT, line(3));
    readAfter.remove(0);
    reads.remove(0).fail("store down");
    order.line("t", CHAT, line(4));
    assertThat(told).containsExactly(1, 4);
  }
}
