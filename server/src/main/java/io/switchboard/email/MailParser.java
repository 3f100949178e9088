package io.switchboard.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Reads a received {@link MimeMessage} into an {@link InboundMail}: the first {@code text/plain} part is the text
 * (else the first {@code text/html} part as text, by jsoup: markup is dropped, never kept); every part with a file
 * name or an attachment disposition is listed by name and size, never read further. Blocking (the message's content
 * may be fetched from the server).
 */
final class MailParser {
  private static final Pattern ID = Pattern.compile("<([^<>\\s]{1,900})>");
  static final int SUBJECT_MAX = 300;
  static final int MAX_ATTACHMENTS = 50;

  private final int maxChars;

  /** @param maxChars the longest text kept (email.max-body-chars); the rest is cut and the text says so */
  MailParser(int maxChars) {
    this.maxChars = maxChars;
  }

  InboundMail parse(MimeMessage m) throws MessagingException, IOException {
    Address[] from = m.getFrom();
    InternetAddress sender = from != null && from.length > 0 && from[0] instanceof InternetAddress a ? a : null;
    if (sender == null || sender.getAddress() == null) {
      throw new MessagingException("message without a From address");
    }
    String subject = m.getSubject() == null ? "" : m.getSubject().strip();
    subject = subject.length() > SUBJECT_MAX ? subject.substring(0, SUBJECT_MAX) : subject;
    Body body = new Body();
    walk(m, body);
    String text = body.plain != null ? body.plain : body.html != null ? Jsoup.parse(body.html).wholeText() : "";
    text = text.replace("\r\n", "\n");
    if (text.codePointCount(0, text.length()) > maxChars) {
      text = text.substring(0, text.offsetByCodePoints(0, maxChars)) + "\n[… cut: the message is longer]";
    }
    Instant at = m.getSentDate() != null ? m.getSentDate().toInstant() : Instant.now();
    return new InboundMail(messageId(m), references(m), sender.getAddress().toLowerCase(Locale.ROOT),
        sender.getPersonal(), subject, text, List.copyOf(body.attachments), at);
  }

  private static final class Body {
    String plain;
    String html;
    final List<InboundMail.Attachment> attachments = new ArrayList<>();
  }

  private static void walk(Part p, Body body) throws MessagingException, IOException {
    String name = p.getFileName();
    if (name != null || Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
      if (body.attachments.size() < MAX_ATTACHMENTS) {
        body.attachments.add(new InboundMail.Attachment(name == null ? "(unnamed)" : decode(name), p.getSize()));
      }
    } else if (p.isMimeType("multipart/*") && p.getContent() instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart part = mp.getBodyPart(i);
        walk(part, body);
      }
    } else if (p.isMimeType("text/plain") && body.plain == null) {
      body.plain = text(p);
    } else if (p.isMimeType("text/html") && body.html == null) {
      body.html = text(p);
    }
  }

  private static String text(Part p) throws MessagingException, IOException {
    Object c = p.getContent();
    return c instanceof String s ? s : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String decode(String name) {
    try {
      return MimeUtility.decodeText(name);
    } catch (java.io.UnsupportedEncodingException e) {
      return name;
    }
  }

  /** The Message-ID, or a stable one made from the sender, date and subject when the message has none. */
  static String messageId(MimeMessage m) throws MessagingException {
    List<String> ids = ids(m.getHeader("Message-ID", null));
    if (!ids.isEmpty()) {
      return ids.get(0);
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((String.valueOf(m.getHeader("From", ",")) + "|"
          + m.getHeader("Date", ",") + "|" + m.getSubject()).getBytes(StandardCharsets.UTF_8));
      return "no-id-" + HexFormat.of().formatHex(h, 0, 16) + "@switchboard";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Message-IDs a message answers: References then In-Reply-To, without duplicates, oldest first. */
  static List<String> references(MimeMessage m) throws MessagingException {
    Set<String> out = new LinkedHashSet<>(ids(m.getHeader("References", " ")));
    out.addAll(ids(m.getHeader("In-Reply-To", " ")));
    return List.copyOf(out);
  }

  static List<String> ids(String header) {
    List<String> out = new ArrayList<>();
    if (header == null) {
      return out;
    }
    Matcher x = ID.matcher(header);
    while (x.find() && out.size() < 100) {
      out.add(x.group(1));
    }
    return out;
  }
}
