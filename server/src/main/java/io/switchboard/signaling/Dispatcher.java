package io.switchboard.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.acd.AcdException;
import io.switchboard.auth.AuthException;
import io.switchboard.auth.Role;
import io.switchboard.json.StrictJson;
import io.switchboard.redis.RedisFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a text message becomes a call to its handler: parse strictly, read {@code type} and
 * {@code id}, check the role, bind the rest to the handler's record, validate, run, then answer with the
 * handler's reply, an {@code ack} (when the request had an id) or an {@code error}. Nothing a client sends
 * closes its socket or escapes as an exception. Runs on the socket's event loop.
 */
final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final Map<String, MessageHandler<?>> handlers = new HashMap<>();

  Dispatcher(List<MessageHandler<?>> all) {
    for (MessageHandler<?> h : all) {
      if (handlers.put(h.type(), h) != null) {
        throw new IllegalArgumentException("two handlers for " + h.type());
      }
    }
  }

  void dispatch(Session session, String text) {
    String id = null;
    try {
      ObjectNode node = StrictJson.parseObject(text);
      id = readId(node);
      MessageHandler<?> handler = handlerFor(node);
      run(session, handler, node, id);
    } catch (RuntimeException e) {
      reply(session, id, Future.failedFuture(e));
    }
  }

  private <M extends Inbound> void run(Session session, MessageHandler<M> handler, ObjectNode node, String id) {
    Set<Role> allowed = handler.allowedRoles();
    if (!allowed.isEmpty() && !session.principal().hasAny(allowed)) {
      throw SignalingError.forbidden("'" + handler.type() + "' needs the role " + allowed.stream().map(Role::wire)
          .sorted().collect(Collectors.joining(" or ")));
    }
    node.remove("type");
    node.remove("id");
    requireStrings(node, handler.messageClass());
    M message = StrictJson.bind(node, handler.messageClass());
    message.validate();
    Future<JsonObject> result;
    try {
      result = handler.handle(session, message);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    reply(session, id, result);
  }

  private MessageHandler<?> handlerFor(ObjectNode node) {
    JsonNode type = node.get("type");
    if (type == null || type.isNull()) {
      throw SignalingError.missing("type");
    }
    if (!type.isTextual()) {
      throw SignalingError.invalid("type", "must be a string");
    }
    MessageHandler<?> h = handlers.get(type.textValue());
    if (h == null) {
      throw new SignalingError(SignalingError.UNKNOWN_TYPE, "type", "unknown message type '" + abbreviate(type.textValue()) + "'");
    }
    return h;
  }

  /** The correlation id, echoed in the ack or error; a bad one is itself an error (without an id). */
  private static String readId(ObjectNode node) {
    JsonNode id = node.get("id");
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isTextual()) {
      throw SignalingError.invalid("id", "must be a string");
    }
    if (id.textValue().length() > Inbound.MAX_ID) {
      throw SignalingError.invalid("id", "must be at most " + Inbound.MAX_ID + " characters");
    }
    return id.textValue();
  }

  /**
   * Every field of our messages is a string. Jackson would coerce {@code 5} or {@code true} into a String
   * field silently; refuse that here, naming the field.
   */
  private static void requireStrings(ObjectNode node, Class<?> type) {
    for (RecordComponent c : type.getRecordComponents()) {
      JsonNode v = node.get(c.getName());
      if (c.getType() == String.class && v != null && !v.isNull() && !v.isTextual()) {
        throw SignalingError.invalid(c.getName(), "must be a string");
      }
    }
  }

  private static void reply(Session session, String id, Future<JsonObject> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        if (ar.result() != null) {
          JsonObject reply = ar.result();
          if (id != null && !reply.containsKey("id")) {
            reply.put("id", id); // the reply stands in for the ack, so it carries the correlation id
          }
          session.send(reply);
        } else if (id != null) {
          session.send(Outbound.ack(id));
        }
        return;
      }
      session.send(toError(session, ar.cause(), id));
    });
  }

  static JsonObject toError(Session session, Throwable e, String id) {
    if (e instanceof SignalingError s) {
      return Outbound.error(s.code(), s.getMessage(), id, s.field());
    }
    if (e instanceof StrictJson.JsonError j) {
      return Outbound.error(codeOf(j), j.getMessage(), id, j.field());
    }
    if (e instanceof io.switchboard.chat.ChatException c) {
      return Outbound.error(c.code(), c.getMessage(), id, c.field());
    }
    if (e instanceof AcdException a) {
      return Outbound.error(a.code(), a.getMessage(), id, null);
    }
    if (e instanceof AuthException a) {
      String code = a.status() == 403 ? SignalingError.FORBIDDEN : SignalingError.TOKEN_INVALID;
      return Outbound.error(code, a.getMessage(), id, null);
    }
    if (RedisFailures.isUnavailable(e)) {
      log.warn("ws.redis-failed tenant={} agent={} error={}", session.tenant(), session.agentId(), e.toString());
      return Outbound.error(SignalingError.UNAVAILABLE, "storage is unavailable; retry later", id, null);
    }
    log.error("ws.handler-failed tenant={} agent={} error={}", session.tenant(), session.agentId(), e.toString(), e);
    return Outbound.error(SignalingError.INTERNAL, "internal error; the request may not have been applied", id, null);
  }

  /** StrictJson's errors carry a field and a message; the kind is recognisable from its message. */
  static String codeOf(StrictJson.JsonError e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.startsWith("duplicate field")) {
      return SignalingError.DUPLICATE_FIELD;
    }
    if (m.startsWith("unknown field")) {
      return SignalingError.UNKNOWN_FIELD;
    }
    if (e.field() != null) {
      return SignalingError.INVALID_FIELD;
    }
    return SignalingError.BAD_JSON;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
