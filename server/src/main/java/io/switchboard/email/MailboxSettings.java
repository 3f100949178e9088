package io.switchboard.email;

import io.vertx.core.json.JsonObject;

/**
 * An e-mail queue's mailbox (the queue document's {@code mailbox}, directory.MailboxSchema) with its passwords (the
 * queue's write-only secret). {@link #toString} never shows a password: log this record freely.
 *
 * @param imapSecurity / smtpSecurity {@code tls} (TLS from the start), {@code starttls} or {@code none}
 * @param pollSeconds how often the mailbox is polled
 */
public record MailboxSettings(String tenant, String queue, String imapHost, int imapPort, String imapSecurity,
    String user, String password, String folder, int pollSeconds, String smtpHost, int smtpPort, String smtpSecurity,
    String smtpUser, String smtpPassword, String fromAddress) {

  /** From a queue document and its secret ({@code {"imap":..,"smtp":..}}); null when the queue has no mailbox. */
  static MailboxSettings of(String tenant, JsonObject queueDoc, String secret) {
    JsonObject m = queueDoc.getJsonObject("mailbox");
    if (m == null || !"email".equals(queueDoc.getString("channel"))) {
      return null;
    }
    JsonObject s = secret == null ? new JsonObject() : new JsonObject(secret);
    String smtpUser = m.getString("smtpUser");
    return new MailboxSettings(tenant, queueDoc.getString("id"), m.getString("imapHost"), m.getInteger("imapPort"),
        m.getString("imapSecurity"), m.getString("user"), s.getString("imap"), m.getString("folder"),
        m.getInteger("pollSeconds"), m.getString("smtpHost"), m.getInteger("smtpPort"), m.getString("smtpSecurity"),
        smtpUser == null ? m.getString("user") : smtpUser, s.getString("smtp"), m.getString("fromAddress"));
  }

  @Override
  public String toString() {
    return "Mailbox[" + tenant + "/" + queue + " imap=" + user + "@" + imapHost + ":" + imapPort + "/" + folder
        + " smtp=" + smtpUser + "@" + smtpHost + ":" + smtpPort + " from=" + fromAddress + "]";
  }
}
