package io.switchboard.email;

import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatListener;
import io.switchboard.chat.ChatMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Sends an agent's line in an e-mail conversation to the customer over SMTP: From the queue's {@code fromAddress},
 * To the customer, {@code Re: } the subject, In-Reply-To the customer's newest message and References its
 * references then it, a Message-ID of our own recorded in the store (the customer's answer to it joins the same
 * conversation). The line is stored (and shown) before it is sent; a reply that cannot be sent is logged, and the
 * agent told by a {@code system} line. Blocking: {@link #send} runs on a worker thread.
 */
final class MailSender {
  private final EmailStore store;
  private final Duration timeout;
  private final Clock clock;

  MailSender(EmailStore store, Duration timeout, Clock clock) {
    this.store = store;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** True for the lines this sender sends: an agent's, in an e-mail conversation. */
  static boolean sends(Chat chat, ChatMessage line) {
    return EmailStore.ORIGIN.equals(chat.origin()) && "agent".equals(line.from());
  }

  /** Sends {@code line} of {@code chat} through {@code m}'s SMTP server; returns the Message-ID it was sent with. */
  String send(MailboxSettings m, Chat chat, ChatMessage line) throws MessagingException {
    EmailStore.Thread t = store.thread(chat.tenant(), chat.id())
        .orElseThrow(() -> new MessagingException("conversation " + chat.id() + " has no message to answer"));
    String domain = m.fromAddress().substring(m.fromAddress().indexOf('@') + 1);
    String id = UUID.randomUUID() + "@" + domain;
    List<String> refs = new ArrayList<>(t.references());
    refs.add(t.lastMessageId());
    String subject = t.subject().toLowerCase(Locale.ROOT).startsWith("re:") ? t.subject() : "Re: " + t.subject();
    Session session = MailSessions.smtp(m, timeout);
    MimeMessage msg = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", "<" + id + ">");
      }
    };
    msg.setFrom(new InternetAddress(m.fromAddress()));
    msg.setRecipient(Message.RecipientType.TO, new InternetAddress(t.customerAddress()));
    msg.setSubject(subject, "UTF-8");
    msg.setSentDate(Date.from(clock.instant()));
    msg.setHeader("In-Reply-To", "<" + t.lastMessageId() + ">");
    msg.setHeader("References", refs.stream().map(r -> "<" + r + ">").collect(Collectors.joining(" ")));
    msg.setText(line.text(), "UTF-8");
    msg.saveChanges();
    try (Transport tr = session.getTransport(MailSessions.smtpProtocol(m))) {
      tr.connect(m.smtpHost(), m.smtpPort(), m.smtpPassword() == null ? null : m.smtpUser(), m.smtpPassword());
      tr.sendMessage(msg, msg.getAllRecipients());
    }
    store.sent(chat.tenant(), chat.id(), line.seq(), id, m.fromAddress(), subject, refs, clock.instant());
    return id;
  }
}
