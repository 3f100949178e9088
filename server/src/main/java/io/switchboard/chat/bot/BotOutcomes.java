package io.switchboard.chat.bot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the chats a bot answered ended, in the store of record: written when the bot closes or hands over a chat, read
 * by the bot report.
 *
 * <p>Threading: every method blocks (JDBC); call it on a worker thread, never on a Vert.x event loop.
 */
public interface BotOutcomes {

  /**
   * One chat's end.
   *
   * @param outcome {@code contained}, {@code handover} or {@code left}
   * @param reason  the handover reason, null otherwise
   * @param turns   customer messages the bot answered, this one included
   */
  record Outcome(String tenant, String chatId, String botId, String queueId, String outcome, String reason,
      int turns, Instant at) {}

  /** Stores the outcome; a chat already recorded keeps its first outcome (returns false then). */
  boolean record(Outcome outcome);

  /**
   * One queue's figures over a range: chats the bot ended, how many it contained, how many went to an agent and why,
   * how many customers left before an answer.
   */
  record QueueFigures(String queueId, int chats, int contained, int left, Map<String, Integer> handovers) {
    public int handedOver() {
      return handovers.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Contained chats per chat the bot ended (0 when none). */
    public double containmentRate() {
      return chats == 0 ? 0 : (double) contained / chats;
    }
  }

  /** Per queue, in queue id order, the chats that ended in [from, to); {@code queue} null for every queue. */
  List<QueueFigures> figures(String tenant, Instant from, Instant to, String queue);
}
