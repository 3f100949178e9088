package io.switchboard.chat;

import java.time.Instant;
import java.util.List;

/**
 * A chat as the bot sees it: whose it is, the queue it was started in, and every line so far, oldest first (the
 * last line is the customer's newest message).
 *
 * @param language the customer's language tag (e.g. {@code en}, {@code es}), or null when unknown
 */
public record BotChat(String tenant, String chatId, String queueId, String customerName, String language,
    List<Line> lines) {

  public BotChat {
    lines = List.copyOf(lines);
  }

  /**
   * One message of the conversation.
   *
   * @param from {@code customer}, {@code bot}, {@code agent} or {@code system}
   */
  public record Line(String from, String text, Instant at) {}
}
