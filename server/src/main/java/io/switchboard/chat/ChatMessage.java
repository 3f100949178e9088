package io.switchboard.chat;

import java.time.Instant;

/**
 * One line of a chat's transcript, as sent: plain text, which every client renders as text, never as markup.
 *
 * @param seq its place in the chat, from 1 (a resuming client asks for the lines after the last seq it has)
 * @param from {@code customer}, {@code agent}, {@code bot}, {@code system} or {@code supervisor} (a whisper)
 * @param agentId the agent who wrote it (from {@code agent}) or the supervisor who whispered it (from
 *     {@code supervisor}), else null; never shown to the customer
 */
public record ChatMessage(String chatId, int seq, String from, String agentId, String text, Instant at) {
  /** The sender of a watching supervisor's whisper to the agent: a line only staff may see. */
  public static final String WHISPER = "supervisor";

  /**
   * True for a line the customer must never get (a supervisor's whisper): not told to the customer's sockets, not
   * in the customer's resume, not given to the bot. Stored with visibility {@code staff} (V19).
   */
  public boolean staffOnly() {
    return WHISPER.equals(from);
  }
}
