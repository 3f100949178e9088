package io.switchboard.email;

import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatListener;
import io.switchboard.chat.ChatMessage;
import io.switchboard.chat.ChatService;
import io.switchboard.chat.ChatStatus;
import io.switchboard.config.EmailConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail queues on a node (docs/email.md). Every {@code email.tick-ms} it looks through the tenants' e-mail queues
 * and polls each mailbox due ({@code mailbox.pollSeconds} after its last poll on this node; never two polls of one
 * mailbox at once on a node) on its own worker pool: each new message is stored ({@link EmailStore#inbound}), a new
 * conversation handed to the chat ACD, a line of a conversation in progress told to its agent, and only then is the
 * message marked seen. As a {@link ChatListener} it sends agents' lines in e-mail conversations over SMTP.
 *
 * <p>Threading: the tick and the listener run on any thread and return at once; IMAP, SMTP and JDBC run on the
 * {@code switchboard-email} worker pool, which waits there for the chat service's futures.
 */
public final class EmailService implements ChatListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmailService.class);

  private final Vertx vertx;
  private final Directory directory;
  private final Supplier<Future<List<String>>> tenants;
  private final EmailStore store;
  private final ChatService chats;
  private final EmailConfig config;
  private final Clock clock;
  private final MailParser parser;
  private final Inbox inbox;
  private final MailSender sender;
  private final WorkerExecutor workers;
  private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();
  private final Set<String> polling = ConcurrentHashMap.newKeySet();
  private volatile boolean ticking;
  private long timer = -1;

  /** @param tenants the tenants whose queues are looked through (the directory's tenant set) */
  public EmailService(Vertx vertx, Directory directory, Supplier<Future<List<String>>> tenants, EmailStore store,
      ChatService chats, EmailConfig config, Clock clock) {
    this.vertx = vertx;
    this.directory = directory;
    this.tenants = tenants;
    this.store = store;
    this.chats = chats;
    this.config = config;
    this.clock = clock;
    this.parser = new MailParser(config.maxBodyChars());
    this.inbox = new Inbox(config.timeout());
    this.sender = new MailSender(store, config.timeout(), clock);
    this.workers = vertx.createSharedWorkerExecutor("switchboard-email", 2);
  }

  /** Starts polling (when {@code email.enabled}) and sending replies. */
  public synchronized EmailService start() {
    chats.listen(this);
    if (config.enabled() && timer < 0) {
      timer = vertx.setPeriodic(config.tick().toMillis(), id -> tick());
    }
    return this;
  }

  @Override
  public synchronized void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    workers.close();
  }

  private void tick() {
    if (ticking) {
      return;
    }
    ticking = true;
    tenants.get().compose(ts -> Future.all(ts.stream().map(this::queues).toList()))
        .onFailure(e -> LOG.warn("email.tick-failed error={}", e.toString()))
        .onComplete(ar -> ticking = false);
  }

  /** Polls the tenant's e-mail queues that are due. */
  private Future<Void> queues(String tenant) {
    return allQueues(tenant, null, new ArrayList<>()).compose(docs -> {
      for (JsonObject q : docs) {
        String key = tenant + "/" + q.getString("id");
        JsonObject mb = q.getJsonObject("mailbox");
        Instant last = lastPoll.get(key);
        if (!"email".equals(q.getString("channel")) || mb == null || polling.contains(key)
            || (last != null && clock.instant().isBefore(last.plusSeconds(mb.getInteger("pollSeconds", 30))))) {
          continue;
        }
        polling.add(key);
        lastPoll.put(key, clock.instant());
        directory.mailboxSecret(tenant, q.getString("id"))
            .compose(secret -> workers.<Inbox.Polled>executeBlocking(
                () -> poll(MailboxSettings.of(tenant, q, secret.orElse(null))), false))
            .onComplete(ar -> polling.remove(key));
      }
      return Future.<Void>succeededFuture();
    }).otherwise(e -> {
      LOG.warn("email.queues-failed tenant={} error={}", tenant, e.toString());
      return null;
    });
  }

  private Future<List<JsonObject>> allQueues(String tenant, String cursor, List<JsonObject> into) {
    return directory.list(tenant, Kind.QUEUE, cursor, Directory.MAX_PAGE).compose(p -> {
      into.addAll(p.items());
      return p.next() == null ? Future.succeededFuture(into) : allQueues(tenant, p.next(), into);
    });
  }

  /** One poll of one mailbox (worker thread). A mailbox that cannot be read is logged, never with its passwords. */
  private Inbox.Polled poll(MailboxSettings m) {
    try {
      Inbox.Polled p = inbox.poll(m, config.maxPerPoll(), msg -> take(m, msg), LOG);
      if (p.taken() + p.failed() > 0) {
        LOG.info("email.polled mailbox={} taken={} failed={}", m, p.taken(), p.failed());
      }
      return p;
    } catch (Exception e) {
      LOG.warn("email.poll-failed mailbox={} error={}", m, e.toString());
      return new Inbox.Polled(0, 0);
    }
  }

  /** Stores one message and hands it on; true once it is a work item (worker thread). */
  private boolean take(MailboxSettings m, MimeMessage msg) throws Exception {
    InboundMail mail = parser.parse(msg);
    EmailStore.Stored s = store.inbound(m.tenant(), m.queue(), mail, clock.instant());
    Chat chat = await(chats.get(m.tenant(), s.chatId()));
    if (s.newChat() || (s.duplicate() && chat.status() == ChatStatus.QUEUED)) {
      await(chats.route(chat));  // again for a duplicate: a crash may have come between storing and routing
      LOG.info("email.received tenant={} queue={} chatId={} new={}", m.tenant(), m.queue(), chat.id(), s.newChat());
    } else if (!s.duplicate()) {
      chats.told(m.tenant(), chat, new ChatMessage(chat.id(), s.seq(), "customer", null, mail.line(), clock.instant()));
      LOG.info("email.received tenant={} queue={} chatId={} new=false", m.tenant(), m.queue(), chat.id());
    }
    return true;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  // ---------------------------------------------------------------- replies (ChatListener)

  @Override
  public void line(String tenant, Chat chat, ChatMessage line) {
    if (!MailSender.sends(chat, line)) {
      return;
    }
    String queue = chat.queue();
    directory.get(tenant, Kind.QUEUE, queue).compose(doc -> directory.mailboxSecret(tenant, queue)
        .compose(secret -> workers.executeBlocking(() -> {
          MailboxSettings m = doc.map(d -> MailboxSettings.of(tenant, d, secret.orElse(null))).orElse(null);
          if (m == null) {
            throw new IllegalStateException("queue " + queue + " has no mailbox to reply from");
          }
          return sender.send(m, chat, line);
        }, false)))
        .onSuccess(id -> LOG.info("email.sent tenant={} chatId={} seq={} messageId={}", tenant, chat.id(),
            line.seq(), id))
        .onFailure(e -> {
          LOG.warn("email.send-failed tenant={} chatId={} seq={} error={}", tenant, chat.id(), line.seq(),
              e.toString());
          chats.systemSays(tenant, chat.id(), "This reply could not be sent by e-mail: " + e.getMessage());
        });
  }

  @Override
  public void ended(String tenant, Chat chat) {}

  @Override
  public void joined(String tenant, Chat chat) {}

  @Override
  public void typing(String tenant, Chat chat, String from) {}
}
