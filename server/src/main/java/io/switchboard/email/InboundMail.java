package io.switchboard.email;

import java.time.Instant;
import java.util.List;

/**
 * One message read from a mailbox, reduced to what a work item keeps: plain text (an HTML body turned into text,
 * never kept as markup) and the attachments' names and sizes (never opened).
 *
 * @param messageId the Message-ID without angle brackets (one is made up from the message's content when missing)
 * @param references the Message-IDs it answers (In-Reply-To and References), without angle brackets, oldest first
 */
public record InboundMail(String messageId, List<String> references, String fromAddress, String fromName,
    String subject, String text, List<Attachment> attachments, Instant at) {

  /** An attachment as listed to the agent: its file name and size in bytes (-1: unknown). */
  public record Attachment(String name, long size) {}

  /** The line the agent reads: subject, then the text, then the attachments by name and size. */
  String line() {
    StringBuilder b = new StringBuilder("Subject: ").append(subject).append("\n\n").append(text.strip());
    if (!attachments.isEmpty()) {
      b.append("\n\nAttachments:");
      attachments.forEach(a -> b.append("\n- ").append(a.name()).append(a.size() < 0 ? "" : " (" + a.size() + " bytes)"));
    }
    return b.toString();
  }
}
