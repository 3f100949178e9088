package io.switchboard.directory;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The mailbox of an e-mail queue ({@code channel email}, docs/email.md): where its messages are polled (IMAP) and
 * how replies leave (SMTP). Stored in the queue's document as {@code mailbox}:
 * {@code {imapHost, imapPort, imapSecurity, user, folder, pollSeconds, smtpHost, smtpPort, smtpSecurity, smtpUser,
 * fromAddress}}. The passwords ({@code password}, {@code smtpPassword}) are write-only: they never enter the
 * document but the queue's secret ({@code sb:{t}:queue-secret:<id>}, {@link Schema.Secret}) as
 * {@code {"imap":..,"smtp":..}}, read back only by the node's mail code. A write without {@code password} keeps the
 * stored ones (one must exist); {@code smtpPassword} defaults to {@code password}.
 */
final class MailboxSchema {
  static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+\\]");
  static final String HOST_RULE = "must be a host name or address";
  static final Pattern FOLDER = Pattern.compile("[^\\p{Cntrl}]{1,200}");

  private MailboxSchema() {}

  /** The result: the document part (null: no mailbox) and what to do with the passwords. */
  record Mailbox(JsonObject doc, Schema.Secret secret) {}

  static Mailbox read(Fields in, String channel) {
    if (!"email".equals(channel)) {
      if (in.raw("mailbox") != null) {
        in.error("mailbox", "only an e-mail queue (channel email) has a mailbox");
      }
      return new Mailbox(null, Schema.Secret.CLEAR);
    }
    Fields m = in.object("mailbox");
    if (m == null) {
      if (in.raw("mailbox") == null) {
        in.error("mailbox", "an e-mail queue needs its mailbox (imapHost, user, password, smtpHost, fromAddress)");
      }
      return new Mailbox(null, Schema.Secret.NONE);
    }
    JsonObject doc = new JsonObject()
        .put("imapHost", m.string("imapHost", true, 253, HOST, HOST_RULE))
        .put("imapPort", m.integer("imapPort", 1, 65_535, 993))
        .put("imapSecurity", oneOf(m, "imapSecurity", List.of("tls", "starttls", "none")))
        .put("user", m.string("user", true, 254, null, null))
        .put("folder", m.raw("folder") == null ? "INBOX" : m.string("folder", false, 200, FOLDER, "must be a folder name"))
        .put("pollSeconds", m.integer("pollSeconds", 1, 3600, 30))
        .put("smtpHost", m.string("smtpHost", true, 253, HOST, HOST_RULE))
        .put("smtpPort", m.integer("smtpPort", 1, 65_535, 587))
        .put("smtpSecurity", oneOf(m, "smtpSecurity", List.of("starttls", "tls", "none")))
        .put("smtpUser", m.string("smtpUser", false, 254, null, null))
        .put("fromAddress", m.string("fromAddress", true, 254, Rules.EMAIL, Rules.EMAIL_RULE));
    String password = m.string("password", false, 500, null, null);
    String smtpPassword = m.string("smtpPassword", false, 500, null, null);
    if (password == null) {
      if (smtpPassword != null) {
        m.error("smtpPassword", "is given only with password (the mailbox's passwords are set together)");
      }
      return new Mailbox(doc, Schema.Secret.KEEP);
    }
    if (password.isEmpty()) {
      m.error("password", "must not be empty");
    }
    String secret = new JsonObject().put("imap", password)
        .put("smtp", smtpPassword == null ? password : smtpPassword).encode();
    return new Mailbox(doc, Schema.Secret.set(secret));
  }

  private static String oneOf(Fields in, String field, List<String> allowed) {
    Object v = in.raw(field);
    if (v == null) {
      return allowed.get(0);
    }
    if (!(v instanceof String s) || !allowed.contains(s)) {
      in.error(field, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return s;
  }
}
