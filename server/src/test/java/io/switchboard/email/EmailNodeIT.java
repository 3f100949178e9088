package io.switchboard.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.Node;
import io.switchboard.auth.AuthTestSupport;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * E-mail queues end to end against a real mail server (GreenMail: SMTP and IMAP on free loopback ports) and a real
 * node (Redis, PostgreSQL, HTTP, the agent's WebSocket): a message delivered to the queue's mailbox over SMTP becomes
 * exactly one work item (a re-poll of the same message, unseen again, makes no second one), offered to the agent,
 * who reads subject, sender, the text of an HTML body (never its markup) and the attachments by name; the agent's
 * reply arrives in the customer's mailbox from the queue's address with In-Reply-To and References; the customer's
 * answer to it joins the same conversation; the transcript (interaction channel email) is found by the search. Bad
 * mailbox settings are errors naming the field; the mailbox password is in no API answer and no log line.
 */
class EmailNodeIT {
  static final String PASSWORD = "mbx-Secret-7781";
  static GreenMail mail;
  static Node node;
  static ApiClient api;
  static String admin;
  static Vertx vertx;
  static WebSocketClient ws;
  static AuthTestSupport.Capture logs;

  @BeforeAll
  static void start() throws Exception {
    logs = AuthTestSupport.captureLogs();
    mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort(),
        new ServerSetup(0, "127.0.0.1", "imap").dynamicPort()});
    mail.start();
    mail.setUser("support@shop.test", "support", PASSWORD);
    mail.setUser("ann@customer.test", "ann", "ann-pass-1");
    node = TestNodes.loopback("email-node-it", Map.of("database.url", TestPostgres.newDatabase("email_node_it"),
        "bootstrap.admin.password", "email-admin-1", "email.tick-ms", "200"));
    api = new ApiClient(node.httpPort());
    admin = TestNodes.login(node.httpPort(), "demo", "admin", "email-admin-1");
    Res q = api.put("/api/v1/queues/mail", admin, queue(mailbox(PASSWORD)).encode());
    assertThat(q.status()).as(q.body()).isEqualTo(201);
    Res a = api.put("/api/v1/agents/emma", admin, new JsonObject().put("username", "emma").put("displayName", "Emma")
        .put("password", "emma-pass-1").put("queues", new JsonArray().add("mail")).encode());
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    vertx = Vertx.vertx();
    ws = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close();
    }
    if (node != null) {
      node.stop();
    }
    if (mail != null) {
      mail.stop();
    }
    if (logs != null) {
      logs.close();
    }
  }

  static JsonObject queue(JsonObject mailbox) {
    return new JsonObject().put("name", "Mail").put("channel", "email").put("mailbox", mailbox);
  }

  static JsonObject mailbox(String password) {
    JsonObject m = new JsonObject().put("imapHost", "127.0.0.1").put("imapPort", mail.getImap().getPort())
        .put("imapSecurity", "none").put("user", "support").put("pollSeconds", 1)
        .put("smtpHost", "127.0.0.1").put("smtpPort", mail.getSmtp().getPort()).put("smtpSecurity", "none")
        .put("fromAddress", "support@shop.test");
    return password == null ? m : m.put("password", password);
  }

  static Session session() {
    return Session.getInstance(new Properties());
  }

  /** A customer's message to the support mailbox, delivered over GreenMail's SMTP. */
  static void deliver(MimeMessage m) throws Exception {
    try (Transport t = session().getTransport("smtp")) {
      t.connect("127.0.0.1", mail.getSmtp().getPort(), null, null);
      t.sendMessage(m, m.getAllRecipients());
    }
  }

  static MimeMessage fromAnn(String subject, String messageId) throws Exception {
    MimeMessage m = new MimeMessage(session()) {
      @Override
      protected void updateMessageID() throws jakarta.mail.MessagingException {
        setHeader("Message-ID", "<" + messageId + ">");
      }
    };
    m.setFrom(new InternetAddress("ann@customer.test", "Ann Smith"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress("support@shop.test"));
    m.setSubject(subject);
    return m;
  }

  static List<JsonObject> liveMail() {
    Res r = api.get("/api/v1/live-chats", admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> "mail".equals(o.getString("queue"))).toList();
  }

  /** Marks every message of the support mailbox unseen again (a poll then sees them all once more). */
  static void markAllUnseen() throws Exception {
    Store s = session().getStore("imap");
    s.connect("127.0.0.1", mail.getImap().getPort(), "support", PASSWORD);
    try {
      Folder f = s.getFolder("INBOX");
      f.open(Folder.READ_WRITE);
      Arrays.stream(f.getMessages()).forEach(m -> {
        try {
          m.setFlag(Flags.Flag.SEEN, false);
        } catch (jakarta.mail.MessagingException e) {
          throw new IllegalStateException(e);
        }
      });
      f.close(false);
    } finally {
      s.close();
    }
  }

  static int unseen() throws Exception {
    Store s = session().getStore("imap");
    s.connect("127.0.0.1", mail.getImap().getPort(), "support", PASSWORD);
    try {
      Folder f = s.getFolder("INBOX");
      f.open(Folder.READ_ONLY);
      int n = f.getUnreadMessageCount();
      f.close(false);
      return n;
    } finally {
      s.close();
    }
  }

  static List<MimeMessage> toAnn() {
    return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().contains("ann@customer.test"));
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Test
  void aMessageBecomesOneWorkItemTheAgentRepliesByMailAndTheCustomersAnswerJoinsIt() throws Exception {
    WsClient agent = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), "demo", "emma",
        "emma-pass-1"));
    agent.next("hello");
    agent.request("s", new JsonObject().put("type", "state.set").put("state", "available"));

    MimeMessage first = fromAnn("Order 42 never arrived", "order42.ann@customer.test");
    MimeMultipart body = new MimeMultipart();
    MimeBodyPart html = new MimeBodyPart();
    html.setContent("<p>Hello, my <b>order</b> never came.</p><script>alert('x')</script>", "text/html; charset=UTF-8");
    MimeBodyPart file = new MimeBodyPart();
    file.setContent("%PDF-1.4 not really", "application/pdf");
    file.setFileName("receipt.pdf");
    body.addBodyPart(html);
    body.addBodyPart(file);
    first.setContent(body);
    deliver(first);

    JsonObject offer = agent.next("chat.offered");
    String chatId = offer.getString("chatId");
    assertThat(offer.getString("customerName")).isEqualTo("Ann Smith");
    JsonObject accepted = agent.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
    assertThat(accepted.getString("type")).as(accepted.encode()).isEqualTo("chat.accepted");
    String text = accepted.getJsonArray("lines").getJsonObject(0).getString("text");
    assertThat(text).startsWith("Subject: Order 42 never arrived").contains("Hello, my order never came.")
        .contains("receipt.pdf").doesNotContain("<p>").doesNotContain("<b>").doesNotContain("<script");
    await().atMost(Duration.ofSeconds(10)).until(() -> unseen() == 0);

    markAllUnseen();  // a re-poll of the same message (as after a crash before it was marked seen)
    await().atMost(Duration.ofSeconds(10)).until(() -> unseen() == 0);
    assertThat(liveMail()).as("still one work item").hasSize(1);

    agent.request("m", new JsonObject().put("type", "chat.send").put("chatId", chatId)
        .put("text", "Sorry Ann, it ships today."));
    await().atMost(Duration.ofSeconds(10)).until(() -> toAnn().size() == 1);
    MimeMessage reply = toAnn().get(0);
    assertThat(reply.getFrom()[0].toString()).isEqualTo("support@shop.test");
    assertThat(reply.getSubject()).isEqualTo("Re: Order 42 never arrived");
    assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo("<order42.ann@customer.test>");
    assertThat(reply.getHeader("References", null)).isEqualTo("<order42.ann@customer.test>");
    assertThat(((String) reply.getContent()).strip()).isEqualTo("Sorry Ann, it ships today.");
    String replyId = reply.getMessageID();

    MimeMessage answer = fromAnn("Re: Order 42 never arrived", "thanks.ann@customer.test");
    answer.setHeader("In-Reply-To", replyId);
    answer.setHeader("References", "<order42.ann@customer.test> " + replyId);
    answer.setText("Thank you, tracking number please?");
    deliver(answer);
    JsonObject line = agent.await(m -> "chat.message".equals(m.getString("type")) && chatId.equals(m.getString("chatId"))
        && "customer".equals(m.getString("from")));
    assertThat(line.getString("text")).contains("tracking number please");
    assertThat(liveMail()).as("the answer joined the conversation").hasSize(1);

    JsonObject end = agent.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId)
        .put("disposition", "resolved"));
    assertThat(end.getString("type")).as(end.encode()).isEqualTo("ack");
    Res i = api.get("/api/v1/interactions/" + chatId, admin);
    assertThat(i.status()).as(i.body()).isEqualTo(200);
    assertThat(i.json().getString("channel")).isEqualTo("email");
    Res list = api.get("/api/v1/interactions?queue=mail&limit=100", admin);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    JsonObject row = list.json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> chatId.equals(o.getString("callId"))).findFirst().orElseThrow();
    assertThat(row.getString("channel")).as("the list says email too").isEqualTo("email");
    assertThat(i.json().getString("disposition")).isEqualTo("resolved");
    assertThat(i.json().getJsonArray("transcript")).hasSize(3);
    Res found = api.get("/api/v1/chat-transcripts?q=tracking", admin);
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.json().getJsonArray("items").getJsonObject(0).getString("callId")).isEqualTo(chatId);
    agent.close();
  }

  @Test
  void badMailboxSettingsAreErrorsNamingTheField() {
    assertThat(api.put("/api/v1/queues/m2", admin, new JsonObject().put("name", "M2").put("channel", "email")
        .encode()).fields()).containsExactly("mailbox");
    assertThat(api.put("/api/v1/queues/m2", admin, queue(mailbox(PASSWORD).put("fromAddress", "nobody")).encode())
        .fields()).containsExactly("mailbox.fromAddress");
    assertThat(api.put("/api/v1/queues/m2", admin, queue(mailbox(PASSWORD).put("imapHost", "bad host/x")).encode())
        .fields()).containsExactly("mailbox.imapHost");
    assertThat(api.put("/api/v1/queues/m2", admin, queue(mailbox(PASSWORD).put("imapSecurity", "maybe")).encode())
        .fields()).containsExactly("mailbox.imapSecurity");
    assertThat(api.put("/api/v1/queues/m2", admin, queue(mailbox(PASSWORD).put("surprise", 1)).encode())
        .fields()).containsExactly("mailbox.surprise");
    assertThat(api.put("/api/v1/queues/m2", admin, queue(mailbox(null)).encode()).fields())
        .as("a first write needs the password").containsExactly("mailbox.password");
    assertThat(api.put("/api/v1/queues/m2", admin, new JsonObject().put("name", "M2").put("channel", "voice")
        .put("mailbox", mailbox(PASSWORD)).encode()).fields()).containsExactly("mailbox");
    assertThat(api.get("/api/v1/queues/m2", admin).status()).as("nothing was written").isEqualTo(404);
  }

  @Test
  void theMailboxPasswordIsInNoAnswerAndNoLogLineAndAWrongOneIsLogged() {
    Res get = api.get("/api/v1/queues/mail", admin);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).doesNotContain(PASSWORD).doesNotContain("password");
    assertThat(get.json().getJsonObject("mailbox").getString("fromAddress")).isEqualTo("support@shop.test");
    assertThat(api.get("/api/v1/queues", admin).body()).doesNotContain(PASSWORD);

    Res keep = api.put("/api/v1/queues/mail", admin, queue(mailbox(null)).encode());
    assertThat(keep.status()).as("a write without the password keeps it: " + keep.body()).isEqualTo(200);
    assertThat(keep.body()).doesNotContain(PASSWORD);

    String wrong = "wrong-Pass-5521";
    Res bad = api.put("/api/v1/queues/badmail", admin, queue(mailbox(wrong)).encode());
    assertThat(bad.status()).as(bad.body()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
        .anyMatch(l -> l.contains("email.poll-failed") && l.contains("demo/badmail")));
    assertThat(api.delete("/api/v1/queues/badmail", admin).status()).isEqualTo(204);
    assertThat(logs.lines()).noneMatch(l -> l.contains(PASSWORD)).noneMatch(l -> l.contains(wrong));
  }
}
