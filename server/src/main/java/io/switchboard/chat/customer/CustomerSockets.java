package io.switchboard.chat.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.acd.AcdException;
import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatException;
import io.switchboard.chat.ChatHours;
import io.switchboard.chat.ChatListener;
import io.switchboard.chat.ChatMessage;
import io.switchboard.chat.ChatService;
import io.switchboard.chat.ChatStatus;
import io.switchboard.chat.ChatStore;
import io.switchboard.chat.CustomerTokens;
import io.switchboard.chat.RateWindow;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.json.StrictJson;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customers' WebSocket ({@link #PATH}; docs/chat.md, "The customer's socket"). A browser handshake (with an
 * {@code Origin}) is accepted; the first message is {@code start} or {@code resume} with the customer token, which
 * must have been issued to that same origin; a {@code start} while the token's queue is closed (its business hours)
 * is answered with {@code closed} and starts nothing. Then {@code send}, {@code typing} and {@code end}; the server sends
 * {@code started}, {@code message}, {@code typing}, {@code joined}, {@code ended} and {@code error} (code, field,
 * message). Nothing a customer sends closes the socket or reaches another chat; a customer never learns an agent's
 * id, only the display name of the agent that joined.
 *
 * <p>Threading: each socket's messages run on its event loop; the listener methods run on any thread.
 */
public final class CustomerSockets implements ChatListener {
  public static final String PATH = "/chat/ws";
  private static final Logger LOG = LoggerFactory.getLogger(CustomerSockets.class);

  private final ChatService chats;
  private final CustomerTokens tokens;
  private final Directory directory;
  private final ChatHours hours;
  private final RateWindow perSource;
  /** The sockets of each chat on this node, by tenant + "/" + chat id. */
  private final Map<String, Set<CustomerSession>> byChat = new ConcurrentHashMap<>();

  public CustomerSockets(ChatService chats, CustomerTokens tokens, Directory directory, ChatHours hours,
      RateWindow perSource) {
    this.chats = chats;
    this.tokens = tokens;
    this.directory = directory;
    this.hours = hours;
    this.perSource = perSource;
    chats.listen(this);
  }

  /** Accepts a browser's handshake on {@link #PATH} (a handshake without Origin is refused: 403). */
  public void handshake(ServerWebSocketHandshake hs) {
    String origin = hs.headers().get("Origin");
    if (origin == null) {
      hs.reject(403);
      return;
    }
    hs.accept().onSuccess(ws -> open(ws, origin));
  }

  private void open(ServerWebSocket ws, String origin) {
    CustomerSession s = new CustomerSession(ws, origin);
    String source = ws.remoteAddress() == null ? "?" : ws.remoteAddress().hostAddress();
    ws.textMessageHandler(text -> {
      try {
        handle(s, source, text).onFailure(e -> s.send(error(e)));
      } catch (RuntimeException e) {
        s.send(error(e));
      }
    });
    ws.binaryMessageHandler(b -> s.send(error(new ChatException("invalid", null, "send text messages only"))));
    ws.closeHandler(v -> {
      if (s.bound()) {
        Set<CustomerSession> set = byChat.get(key(s.tenant(), s.chatId()));
        if (set != null) {
          set.remove(s);
        }
      }
    });
  }

  private Future<?> handle(CustomerSession s, String source, String text) {
    ObjectNode node = StrictJson.parseObject(text);
    JsonNode t = node.remove("type");
    if (t == null || !t.isTextual()) {
      throw new ChatException("invalid", "type", "type is required: start, resume, send, typing or end");
    }
    String type = t.textValue();
    if (!s.bound() && !type.equals("start") && !type.equals("resume")) {
      throw new ChatException("no-chat", "type", "start or resume a chat first");
    }
    return switch (type) {
      case "start" -> start(s, source, StrictJson.bind(node, CustomerVerbs.Start.class));
      case "resume" -> resume(s, StrictJson.bind(node, CustomerVerbs.Resume.class));
      case "send" -> chats.customerSays(s.tenant(), s.chatId(), StrictJson.bind(node, CustomerVerbs.Send.class).text());
      case "typing" -> {
        StrictJson.bind(node, CustomerVerbs.Typing.class);
        yield chats.typing(s.tenant(), s.chatId(), "customer", null);
      }
      case "end" -> {
        StrictJson.bind(node, CustomerVerbs.End.class);
        yield chats.end(s.tenant(), s.chatId(), "customer", null);
      }
      default -> throw new ChatException("invalid", "type", "unknown type: use start, resume, send, typing or end");
    };
  }

  private Future<?> start(CustomerSession s, String source, CustomerVerbs.Start m) {
    CustomerTokens.Claims c = claims(s, m.token());
    if (s.bound()) {
      throw new ChatException("invalid", "type", "this socket already has a chat");
    }
    check("name", m.name(), 100);
    check("email", m.email(), 254);
    check("language", m.language(), 16);
    if (!perSource.tryAcquire(source)) {
      throw new ChatException("rate-limited", null, "too many chats from this address; retry later");
    }
    return hours.closed(c.tenant(), c.queue()).compose(closed -> {
      if (closed.isPresent()) {  // outside the queue's hours: no chat; the customer may try again later
        s.send(new JsonObject().put("type", "closed").put("message", closed.get().message()));
        return Future.succeededFuture();
      }
      return chats.start(c.tenant(), new ChatStore.NewChat(c.queue(), c.origin(), c.subject(), m.name(), m.email(),
          m.language())).onSuccess(chat -> {
            bind(s, chat, c.subject());
            s.send(new JsonObject().put("type", "started").put("chatId", chat.id()));
          });
    });
  }

  private Future<?> resume(CustomerSession s, CustomerVerbs.Resume m) {
    CustomerTokens.Claims c = claims(s, m.token());
    if (m.chatId() == null) {
      throw new ChatException("invalid", "chatId", "chatId is required");
    }
    int after = m.afterSeq() == null ? 0 : Math.max(0, m.afterSeq());
    return chats.get(c.tenant(), m.chatId()).compose(chat -> {
      if (!chat.customer().equals(c.subject())) {  // as a missing chat: nothing about others' chats
        return Future.failedFuture(new ChatException("not-found", "chatId", "no such chat '" + m.chatId() + "'"));
      }
      bind(s, chat, c.subject());
      s.send(new JsonObject().put("type", "started").put("chatId", chat.id()).put("status", chat.status().wire()));
      return chats.customerLines(c.tenant(), chat.id(), after).compose(lines -> {
        lines.forEach(l -> s.send(message(l)));
        if (chat.status() == ChatStatus.ENDED) {
          s.send(new JsonObject().put("type", "ended").put("by", chat.endedBy()));
        }
        return chat.status() == ChatStatus.CONNECTED ? joinedMessage(chat).onSuccess(s::send)
            : Future.succeededFuture();
      });
    });
  }

  private CustomerTokens.Claims claims(CustomerSession s, String token) {
    if (token == null) {
      throw new ChatException("token-invalid", "token", "token is required");
    }
    CustomerTokens.Claims c = tokens.verify(token);
    if (!io.switchboard.http.Origins.normalize(s.origin()).map(c.origin()::equals).orElse(false)) {
      throw new ChatException("origin-refused", "token", "this token was issued to another origin");
    }
    return c;
  }

  private void bind(CustomerSession s, Chat chat, String subject) {
    s.bind(chat.tenant(), chat.id(), subject);
    byChat.computeIfAbsent(key(chat.tenant(), chat.id()), k -> ConcurrentHashMap.newKeySet()).add(s);
  }

  private static void check(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw new ChatException("invalid", field, field + " has at most " + max + " characters");
    }
  }

  @Override
  public void line(String tenant, Chat chat, ChatMessage line) {
    if (!line.staffOnly()) {  // whispers come as whisper(), which this does not override; never pass one on
      tell(tenant, chat.id(), message(line));
    }
  }

  @Override
  public void ended(String tenant, Chat chat) {
    tell(tenant, chat.id(), new JsonObject().put("type", "ended").put("by", chat.endedBy()));
  }

  @Override
  public void joined(String tenant, Chat chat) {
    joinedMessage(chat).onSuccess(m -> tell(tenant, chat.id(), m));
  }

  @Override
  public void typing(String tenant, Chat chat, String from) {
    if ("agent".equals(from)) {
      tell(tenant, chat.id(), new JsonObject().put("type", "typing"));
    }
  }

  /** {@code joined} with the agent's display name only (never its id, e-mail or anything else). */
  private Future<JsonObject> joinedMessage(Chat chat) {
    return directory.get(chat.tenant(), Kind.AGENT, chat.agentId())
        .map(doc -> new JsonObject().put("type", "joined")
            .put("name", doc.map(d -> d.getString("displayName")).orElse("Agent")))
        .recover(e -> Future.succeededFuture(new JsonObject().put("type", "joined").put("name", "Agent")));
  }

  /** A line as the customer sees it: no agent id. */
  static JsonObject message(ChatMessage m) {
    return new JsonObject().put("type", "message").put("seq", m.seq()).put("from", m.from()).put("text", m.text())
        .put("at", m.at().toEpochMilli());
  }

  private void tell(String tenant, String chatId, JsonObject m) {
    Set<CustomerSession> set = byChat.get(key(tenant, chatId));
    if (set != null) {
      set.forEach(s -> s.send(m));
    }
  }

  static JsonObject error(Throwable e) {
    JsonObject o = new JsonObject().put("type", "error");
    if (e instanceof ChatException c) {
      return o.put("code", c.code()).put("field", c.field()).put("message", c.getMessage());
    }
    if (e instanceof StrictJson.JsonError j) {
      return o.put("code", "invalid").put("field", j.field()).put("message", j.getMessage());
    }
    if (e instanceof AcdException a) {
      return o.put("code", a.code()).put("message", a.getMessage());
    }
    LOG.warn("chat.customer-failed error={}", e.toString());
    return o.put("code", "internal").put("message", "internal error; the request may not have been applied");
  }

  private static String key(String tenant, String chatId) {
    return tenant + "/" + chatId;
  }
}
