package io.switchboard.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * How a received message becomes a work item's line: the plain part preferred, an HTML-only body as text (markup
 * dropped), attachments listed by name, never opened; Message-IDs without brackets, a stable one when missing; the
 * thread's ids from References then In-Reply-To; a long text cut.
 */
class MailParserTest {
  static MimeMessage message() throws MessagingException {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress("Ann.Smith@Customer.TEST"));
    m.setSubject("Where is my order?");
    m.setHeader("Message-ID", "<abc.1@customer.test>");
    return m;
  }

  @Test
  void thePlainPartIsTheTextAndAttachmentsAreListed() throws Exception {
    MimeMessage m = message();
    MimeMultipart alt = new MimeMultipart("alternative");
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText("Hello\r\nit never came");
    MimeBodyPart html = new MimeBodyPart();
    html.setContent("<p>Hello</p>", "text/html");
    alt.addBodyPart(plain);
    alt.addBodyPart(html);
    MimeBodyPart altPart = new MimeBodyPart();
    altPart.setContent(alt);
    MimeBodyPart file = new MimeBodyPart();
    file.setContent("MZ not a program", "application/octet-stream");
    file.setFileName("setup.exe");
    MimeMultipart mixed = new MimeMultipart();
    mixed.addBodyPart(altPart);
    mixed.addBodyPart(file);
    m.setContent(mixed);
    m.saveChanges();
    m.setHeader("Message-ID", "<abc.1@customer.test>");
    InboundMail in = new MailParser(1000).parse(new MimeMessage(m));
    assertThat(in.messageId()).isEqualTo("abc.1@customer.test");
    assertThat(in.fromAddress()).isEqualTo("ann.smith@customer.test");
    assertThat(in.text()).isEqualTo("Hello\nit never came");
    assertThat(in.attachments()).extracting(InboundMail.Attachment::name).containsExactly("setup.exe");
    assertThat(in.line()).startsWith("Subject: Where is my order?\n\nHello\nit never came\n\nAttachments:\n- setup.exe");
  }

  @Test
  void anHtmlOnlyBodyIsShownAsTextWithoutItsMarkup() throws Exception {
    MimeMessage m = message();
    m.setContent("<div>Hi <b>there</b><script>alert(1)</script><img src=x onerror=alert(2)></div>", "text/html");
    m.saveChanges();  // as a received message: its Content-Type header set
    InboundMail in = new MailParser(1000).parse(m);
    assertThat(in.text()).contains("Hi there").doesNotContain("<").doesNotContain("onerror");
  }

  @Test
  void theThreadIdsComeFromReferencesThenInReplyTo() throws Exception {
    MimeMessage m = message();
    m.setText("x");
    m.setHeader("References", "<a@x> <b@x>");
    m.setHeader("In-Reply-To", "<c@x>");
    assertThat(new MailParser(100).parse(m).references()).containsExactly("a@x", "b@x", "c@x");
  }

  @Test
  void aMessageWithoutIdGetsAStableOneAndALongTextIsCut() throws Exception {
    MimeMessage m = message();
    m.removeHeader("Message-ID");
    m.setHeader("Date", "Mon, 7 Dec 2026 10:00:00 +0000");
    m.setText("y".repeat(500));
    InboundMail a = new MailParser(100).parse(m);
    assertThat(a.messageId()).startsWith("no-id-").isEqualTo(new MailParser(100).parse(m).messageId());
    assertThat(a.text()).startsWith("y".repeat(100)).contains("cut").hasSizeLessThan(200);
  }

  @Test
  void aMessageWithoutFromIsRefused() throws Exception {
    MimeMessage m = message();
    m.removeHeader("From");
    m.setText("x");
    assertThatThrownBy(() -> new MailParser(100).parse(m)).isInstanceOf(MessagingException.class)
        .hasMessageContaining("From");
  }
}
