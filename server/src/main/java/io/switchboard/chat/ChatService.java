package io.switchboard.chat;

import io.switchboard.acd.ChatRouting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What happens in a chat (docs/chat.md): the customer's lines are stored and, while no agent has the chat, the
 * {@link ChatBot} answers, hands over (the chat goes to the ACD: {@link ChatRouting}) or closes it; agents accept,
 * write, transfer and end it. Every line is stored before anyone is told ({@link ChatListener}), so a client that
 * reconnects asks for the lines after its last seq and misses none.
 *
 * <p>Who is told: this node's listeners ({@link #listen}: the sockets), each line once and in seq order
 * ({@link LineOrder}), and the other nodes through the {@link #cluster} listener, whose events come back into the
 * other nodes' services through their {@link #local()}. The service knows no transport.
 *
 * <p>Threading: every method may be called on an event loop and returns at once; the store (JDBC) runs on worker
 * threads. Failures: {@link ChatException} (naming the field) or the ACD's {@code AcdException}; nothing changed.
 */
public final class ChatService {
  /** The most lines handed to the bot or to an agent that takes a chat. */
  public static final int MAX_LINES = 1000;
  /** What the customer is told when the bot hands over without a text of its own. */
  static final String HANDOVER_TEXT = "Connecting you with an agent.";

  private final Vertx vertx;
  private final ChatStore store;
  private final ChatRouting routing;
  private volatile ChatBot bot;
  private final Clock clock;
  private final int maxChars;
  private final RateWindow perCustomer;
  private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();
  private final ChatListener local = new Local();
  private final LineOrder order;
  private volatile ChatListener cluster = ChatListener.NONE;

  /**
   * @param maxChars the longest line (chat.max-message-chars)
   * @param perMinute the customer's messages per chat per minute (chat.customer-messages-per-minute)
   */
  public ChatService(Vertx vertx, ChatStore store, ChatRouting routing, ChatBot bot, Clock clock, int maxChars,
      int perMinute) {
    this.vertx = vertx;
    this.store = store;
    this.routing = routing;
    this.bot = bot == null ? ChatBot.NONE : bot;
    this.clock = clock;
    this.maxChars = maxChars;
    this.perCustomer = new RateWindow(perMinute, TimeUnit.MINUTES.toMillis(1), clock);
    this.order = new LineOrder(this::lines, this::handOn);
  }

  /** The bot that answers chats not yet handed to the ACD, from their next customer line on (null: none). */
  public void bot(ChatBot b) {
    this.bot = b == null ? ChatBot.NONE : b;
  }

  /** The bot that answers chats now. */
  public ChatBot bot() {
    return bot;
  }

  /** Adds a listener of this node (a kind of socket): it hears every chat's events, from any node. */
  public void listen(ChatListener l) {
    listeners.add(l);
  }

  /** Tells {@code forward} every event this service produces (the other nodes'), after this node's listeners. */
  public void cluster(ChatListener forward) {
    this.cluster = forward;
  }

  /** This node's listeners as one, for the events other nodes produced: lines in order, once each. Any thread. */
  public ChatListener local() {
    return local;
  }

  /** Starts a chat (nothing is routed before the customer's first line). */
  public Future<Chat> start(String tenant, ChatStore.NewChat n) {
    return blocking(() -> store.start(tenant, n, clock.instant()));
  }

  public Future<Chat> get(String tenant, String chatId) {
    return blocking(() -> store.get(tenant, chatId).orElseThrow(() -> ChatException.notFound(chatId)));
  }

  /** The lines after {@code afterSeq} (a resuming client's last seq; 0: all), whispers included: for staff. */
  public Future<List<ChatMessage>> lines(String tenant, String chatId, int afterSeq) {
    return blocking(() -> store.lines(tenant, chatId, afterSeq, MAX_LINES));
  }

  /** As {@link #lines} without the whispers: all that the customer (and the bot) may get. */
  public Future<List<ChatMessage>> customerLines(String tenant, String chatId, int afterSeq) {
    return blocking(() -> store.customerLines(tenant, chatId, afterSeq, MAX_LINES));
  }

  /** The tenant's chats not ended, oldest first (at most {@link ChatStore#MAX_PAGE}). */
  public Future<List<Chat>> live(String tenant) {
    return blocking(() -> store.live(tenant, ChatStore.MAX_PAGE));
  }

  /**
   * A watching supervisor's private line to the agent of a connected chat ({@code not-connected} otherwise): stored
   * as a staff-only line and handed to {@link ChatListener#whisper} only, never to {@link ChatListener#line}, so the
   * customer never gets it. Same limits as any line. Who may whisper is the caller's to check.
   */
  public Future<ChatMessage> whisper(String tenant, String supervisorId, String chatId, String text) {
    try {
      check(text);
    } catch (ChatException e) {
      return Future.failedFuture(e);
    }
    return get(tenant, chatId).compose(c -> c.status() == ChatStatus.CONNECTED ? Future.succeededFuture(c)
        : Future.failedFuture(notConnected(c)))
        .compose(c -> blocking(() -> store.append(tenant, chatId, ChatMessage.WHISPER, supervisorId, text,
            clock.instant())))
        .onSuccess(a -> tell(l -> l.whisper(tenant, a.chat(), a.line())))
        .map(ChatStore.Appended::line);
  }

  /** {@code ended} for an ended chat, else {@code not-connected} (no agent works on it now). */
  public static ChatException notConnected(Chat c) {
    return c.status() == ChatStatus.ENDED ? ChatException.ended(c.id())
        : new ChatException("not-connected", "chatId", "chat '" + c.id() + "' has no agent working on it now");
  }

  /**
   * Tells the listeners of a line another part of the node stored in a chat's transcript itself (an e-mail's,
   * io.switchboard.email), as {@link #customerSays} tells its own lines: this node's listeners and the other nodes.
   */
  public void told(String tenant, Chat chat, ChatMessage line) {
    tell(l -> l.line(tenant, chat, line));
  }

  /** A line of the system (from {@code system}) in a chat not ended, told to both sides: e.g. a reply not delivered. */
  public Future<ChatMessage> systemSays(String tenant, String chatId, String text) {
    return append(tenant, chatId, "system", null, text).map(ChatStore.Appended::line);
  }

  /** Hands a queued chat to the ACD; again for one already there answers where it is (idempotent). */
  public Future<Void> route(Chat chat) {
    return routing.enqueue(chat.tenant(), chat.id(), chat.queue(), chat.customerName()).mapEmpty();
  }

  /** The customer writes: stored, told, then the bot's turn while the chat is not yet the ACD's. */
  public Future<ChatMessage> customerSays(String tenant, String chatId, String text) {
    try {
      check(text);
    } catch (ChatException e) {
      return Future.failedFuture(e);
    }
    if (!perCustomer.tryAcquire(tenant + "/" + chatId)) {
      long s = (perCustomer.retryAfterMs(tenant + "/" + chatId) + 999) / 1000;
      return Future.failedFuture(new ChatException("rate-limited", "text",
          "too many messages: wait " + s + " s before sending again"));
    }
    return append(tenant, chatId, "customer", null, text).compose(sent -> {
      if (sent.chat().status() != ChatStatus.BOT) {
        return Future.succeededFuture(sent.line());
      }
      return botTurn(sent.chat()).map(sent.line());
    });
  }

  /** The agent writes in a chat it works on. */
  public Future<ChatMessage> agentSays(String tenant, String agentId, String chatId, String text) {
    try {
      check(text);
    } catch (ChatException e) {
      return Future.failedFuture(e);
    }
    return append(tenant, chatId, "agent", agentId, text).map(ChatStore.Appended::line);  // the store checks it is the agent's
  }

  /** Tells the other side that {@code from} is typing (an agent only in its own chat). */
  public Future<Void> typing(String tenant, String chatId, String from, String agentId) {
    Future<Chat> chat = agentId == null ? get(tenant, chatId) : owned(tenant, agentId, chatId);
    return chat.map(c -> {
      tell(l -> l.typing(tenant, c, from));
      return null;
    });
  }

  /** The agent takes the chat offered to it; returns the whole conversation so far. */
  public Future<List<ChatMessage>> accept(String tenant, String agentId, String chatId) {
    return routing.accept(tenant, agentId, chatId)
        .compose(p -> blocking(() -> store.connected(tenant, chatId, agentId, clock.instant())))
        .compose(c -> {
          tell(l -> l.joined(tenant, c));
          return lines(tenant, chatId, 0);
        });
  }

  /** A chat an agent holds ({@link ChatRouting.Held}) with its lines so far (none while only offered). */
  public record Held(ChatRouting.Held chat, List<ChatMessage> lines) {}

  /** The chats offered to or worked on by the agent now, oldest first: what a reloaded softphone shows again. */
  public Future<List<Held>> held(String tenant, String agentId) {
    return routing.held(tenant, agentId).compose(list -> list.isEmpty() ? Future.succeededFuture(List.of())
        : blocking(() -> {
          List<Held> out = new ArrayList<>();
          for (ChatRouting.Held h : list) {
            out.add(new Held(h, "connected".equals(h.state())
                ? store.lines(tenant, h.chatId(), 0, MAX_LINES) : List.of()));
          }
          return out;
        }));
  }

  /** The agent declines the chat offered to it. */
  public Future<Void> reject(String tenant, String agentId, String chatId) {
    return routing.reject(tenant, agentId, chatId).mapEmpty();
  }

  /** The agent hands its chat to a chat queue or to an agent with room (exactly one of them). */
  public Future<Chat> transfer(String tenant, String agentId, String chatId, String queue, String toAgent) {
    return owned(tenant, agentId, chatId)
        .compose(c -> routing.transfer(tenant, agentId, chatId, queue, toAgent))
        .compose(p -> blocking(() -> store.queued(tenant, chatId, null, true)));
  }

  /** The agent ends its chat with {@code disposition} (may be null). */
  public Future<Chat> agentEnds(String tenant, String agentId, String chatId, String disposition) {
    return owned(tenant, agentId, chatId).compose(c -> end(tenant, chatId, "agent", disposition));
  }

  /** Ends the chat: {@code by} customer, agent, bot, timeout or system. Idempotent. */
  public Future<Chat> end(String tenant, String chatId, String by, String disposition) {
    return blocking(() -> store.end(tenant, chatId, by, disposition, clock.instant()))
        .compose(c -> routing.end(tenant, chatId).map(c))
        .onSuccess(c -> tell(l -> l.ended(tenant, c)));
  }

  /** Chats whose transcript has every word of {@code text}; an agent's search ({@code agentId}) its own only. */
  public Future<List<ChatStore.Hit>> search(String tenant, String text, String agentId, int limit) {
    return blocking(() -> store.search(tenant, text, agentId, limit));
  }

  private Future<Void> botTurn(Chat chat) {
    return customerLines(chat.tenant(), chat.id(), 0).compose(lines -> bot.turn(new BotChat(chat.tenant(), chat.id(),
        chat.queue(), chat.customerName(), chat.language(), lines.stream()
            .map(m -> new BotChat.Line(m.from(), m.text(), m.at())).toList())))
        .compose(turn -> {
          if (turn instanceof BotTurn.NotFronted) {
            return handOver(chat, null);
          } else if (turn instanceof BotTurn.Answer a) {
            return append(chat.tenant(), chat.id(), "bot", null, a.text()).mapEmpty();
          } else if (turn instanceof BotTurn.Handover h) {
            return append(chat.tenant(), chat.id(), "bot", null, h.text() == null ? HANDOVER_TEXT : h.text())
                .compose(s -> handOver(chat, h.reason()));
          } else {
            BotTurn.Close c = (BotTurn.Close) turn;
            Future<?> said = c.text() == null ? Future.succeededFuture()
                : append(chat.tenant(), chat.id(), "bot", null, c.text());
            return said.compose(s -> end(chat.tenant(), chat.id(), "bot", null)).mapEmpty();
          }
        });
  }

  private Future<Void> handOver(Chat chat, String reason) {
    return blocking(() -> store.queued(chat.tenant(), chat.id(), reason, false))
        .compose(c -> routing.enqueue(c.tenant(), c.id(), c.queue(), c.customerName())).mapEmpty();
  }

  /** The chat, when {@code agentId} works on it now; else not-yours (an agent sees only its own chats). */
  private Future<Chat> owned(String tenant, String agentId, String chatId) {
    return get(tenant, chatId).compose(c -> c.status() == ChatStatus.CONNECTED && agentId.equals(c.agentId())
        ? Future.succeededFuture(c)
        : Future.failedFuture(ChatException.notYours(chatId)));
  }

  private Future<ChatStore.Appended> append(String tenant, String chatId, String from, String agentId, String text) {
    return blocking(() -> store.append(tenant, chatId, from, agentId, text, clock.instant()))
        .onSuccess(a -> tell(l -> l.line(tenant, a.chat(), a.line())));
  }

  /** Tells this node's listeners, then the other nodes (also when a listener here failed). */
  private void tell(java.util.function.Consumer<ChatListener> event) {
    try {
      event.accept(local);
    } finally {
      event.accept(cluster);
    }
  }

  /**
   * A line in its order to this node's listeners: a whisper (which has its seq among the chat's lines) to
   * {@link ChatListener#whisper} only, so no listener can pass it to a customer as a line.
   */
  private void handOn(String tenant, Chat chat, ChatMessage line) {
    if (line.staffOnly()) {
      listeners.forEach(x -> x.whisper(tenant, chat, line));
    } else {
      listeners.forEach(x -> x.line(tenant, chat, line));
    }
  }

  /** This node's listeners: lines and whispers through {@link LineOrder}, the rest as they come. */
  private final class Local implements ChatListener {
    @Override
    public void line(String tenant, Chat chat, ChatMessage line) {
      order.line(tenant, chat, line);
    }

    @Override
    public void whisper(String tenant, Chat chat, ChatMessage line) {
      order.line(tenant, chat, line);
    }

    @Override
    public void ended(String tenant, Chat chat) {
      listeners.forEach(l -> l.ended(tenant, chat));
      order.forget(tenant, chat.id());
    }

    @Override
    public void joined(String tenant, Chat chat) {
      listeners.forEach(l -> l.joined(tenant, chat));
    }

    @Override
    public void typing(String tenant, Chat chat, String from) {
      listeners.forEach(l -> l.typing(tenant, chat, from));
    }
  }

  /** A line must have a visible character and at most {@code maxChars} characters (code points). */
  void check(String text) {
    if (text == null || text.isBlank()) {
      throw new ChatException("invalid", "text", "a message needs some text");
    }
    int n = text.codePointCount(0, text.length());
    if (n > maxChars) {
      throw new ChatException("too-long", "text",
          String.format(Locale.ROOT, "a message has at most %d characters, this one %d", maxChars, n));
    }
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
