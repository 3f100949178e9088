package io.switchboard.email;

import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;

/**
 * Jakarta Mail sessions for a mailbox: IMAP(S) and SMTP(S) with the node's timeouts, server identity checked on
 * TLS, and IMAP's peek on (reading a message does not mark it seen: {@link Inbox} marks it once it is stored).
 */
final class MailSessions {
  private MailSessions() {}

  /** {@code imap} or {@code imaps}. */
  static String imapProtocol(MailboxSettings m) {
    return "tls".equals(m.imapSecurity()) ? "imaps" : "imap";
  }

  /** {@code smtp} or {@code smtps}. */
  static String smtpProtocol(MailboxSettings m) {
    return "tls".equals(m.smtpSecurity()) ? "smtps" : "smtp";
  }

  static Session imap(MailboxSettings m, Duration timeout) {
    String p = imapProtocol(m);
    Properties props = common(p, timeout, m.imapSecurity());
    props.put("mail." + p + ".peek", "true");
    return Session.getInstance(props);
  }

  static Session smtp(MailboxSettings m, Duration timeout) {
    String p = smtpProtocol(m);
    Properties props = common(p, timeout, m.smtpSecurity());
    props.put("mail." + p + ".auth", Boolean.toString(m.smtpPassword() != null));
    return Session.getInstance(props);
  }

  private static Properties common(String p, Duration timeout, String security) {
    Properties props = new Properties();
    String ms = Long.toString(timeout.toMillis());
    props.put("mail." + p + ".connectiontimeout", ms);
    props.put("mail." + p + ".timeout", ms);
    props.put("mail." + p + ".writetimeout", ms);
    props.put("mail." + p + ".ssl.checkserveridentity", "true");
    if ("starttls".equals(security)) {
      props.put("mail." + p + ".starttls.enable", "true");
      props.put("mail." + p + ".starttls.required", "true");
    }
    return props;
  }
}
