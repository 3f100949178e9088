package io.switchboard.signaling;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted agent or supervisor WebSocket.
 *
 * <p>Threading: frames, timers and handlers run on the socket's event loop; {@link #send} may be called
 * from any thread (Vert.x WebSocket writes are thread-safe), which is how the node bus delivers.
 *
 * <p>Lifecycle: open (hello sent) → [authenticate renews the token's expiry any number of times] →
 * closed (by the client, by expiry with 4001, by revocation with 4002, by an oversized message with 1009, or by shutdown with 1001).
 */
public final class Session {
  private static final Logger log = LoggerFactory.getLogger(Session.class);
  public static final short CLOSE_TOKEN_EXPIRED = 4001;
  /** The user's tokens were revoked (disabled, deleted, new password or roles): log in again. */
  public static final short CLOSE_TOKEN_REVOKED = 4002;
  public static final short CLOSE_FORBIDDEN = 4003;
  public static final short CLOSE_TOO_BIG = 1009;

  private final Vertx vertx;
  private final Clock clock;
  private final ServerWebSocket ws;
  private final int maxMessageBytes;
  private final Promise<Void> ended = Promise.promise();
  private volatile Principal principal;
  private volatile long tokenExpiresAtMs;
  private long expiryTimer = -1;
  // message being assembled from fragments; null between messages (the common unfragmented case)
  private Buffer pending;
  private boolean pendingBinary;
  private boolean tooBig;

  Session(Vertx vertx, Clock clock, ServerWebSocket ws, Principal principal, long tokenExpiresAtMs, int maxMessageBytes) {
    this.vertx = vertx;
    this.clock = clock;
    this.ws = ws;
    this.principal = principal;
    this.tokenExpiresAtMs = tokenExpiresAtMs;
    this.maxMessageBytes = maxMessageBytes;
  }

  public Principal principal() {
    return principal;
  }

  public String tenant() {
    return principal.tenant();
  }

  /** The principal's subject: the agent id for agents and supervisors. */
  public String agentId() {
    return principal.subject();
  }

  public boolean has(Role role) {
    return principal.has(role);
  }

  public long tokenExpiresAtMs() {
    return tokenExpiresAtMs;
  }

  /** Writes one message; silently nothing once the socket is closed. Any thread. */
  public void send(JsonObject message) {
    sendEncoded(message.encode());
  }

  void sendEncoded(String text) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(text);
    }
  }

  /** True when the client is not reading and writes are piling up (periodic pushes are skipped then). */
  boolean congested() {
    return ws.writeQueueFull();
  }

  /**
   * Replaces the principal after an {@code authenticate} and re-arms the expiry timer. Must be called on
   * the socket's event loop.
   */
  public void renew(Principal renewed, long expiresAtMs) {
    this.principal = renewed;
    this.tokenExpiresAtMs = expiresAtMs;
    armExpiry();
  }

  /** (Re)schedules the close for when the token expires. */
  void armExpiry() {
    if (expiryTimer >= 0) {
      vertx.cancelTimer(expiryTimer);
    }
    long delay = tokenExpiresAtMs - clock.millis();
    if (delay <= 0) {
      expire();
      return;
    }
    expiryTimer = vertx.setTimer(delay, id -> expire());
  }

  private void expire() {
    expiryTimer = -1;
    log.info("ws.expired tenant={} agent={}", tenant(), agentId());
    close(CLOSE_TOKEN_EXPIRED, "token expired");
  }

  public void close(short code, String reason) {
    if (!ws.isClosed()) {
      ws.close(code, reason);
    }
  }

  boolean isClosed() {
    return ws.isClosed();
  }

  /** Called once when the socket has closed. */
  void closed() {
    if (expiryTimer >= 0) {
      vertx.cancelTimer(expiryTimer);
      expiryTimer = -1;
    }
    pending = null;
  }

  /** Completes when the socket closed and the ACD was told (if this was the agent's last socket). */
  Promise<Void> ended() {
    return ended;
  }

  /**
   * Reassembles messages from frames, enforcing the size limit on the whole message (not only per frame),
   * so a client cannot grow a message without bound through continuation frames.
   */
  void onFrame(WebSocketFrame frame, Consumer<String> onText, Runnable onBinary) {
    if (frame.isText() || frame.isBinary()) {
      pending = null;
      tooBig = false;
      pendingBinary = frame.isBinary();
      if (frame.isFinal()) {
        complete(frame.binaryData(), onText, onBinary);
        return;
      }
      pending = Buffer.buffer();
      append(frame.binaryData());
    } else if (frame.isContinuation()) {
      if (pending == null && !tooBig) {
        return; // continuation without a start: the codec already rejects this; ignore defensively
      }
      append(frame.binaryData());
      if (frame.isFinal() && pending != null) {
        Buffer whole = pending;
        pending = null;
        complete(whole, onText, onBinary);
      }
    }
    // ping/pong/close frames are answered by Vert.x itself
  }

  private void append(Buffer data) {
    if (tooBig) {
      return;
    }
    if (pending.length() + data.length() > maxMessageBytes) {
      tooBig();
      return;
    }
    pending.appendBuffer(data);
  }

  private void complete(Buffer data, Consumer<String> onText, Runnable onBinary) {
    if (data.length() > maxMessageBytes) {
      tooBig();
      return;
    }
    if (pendingBinary) {
      onBinary.run();
    } else {
      onText.accept(data.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private void tooBig() {
    tooBig = true;
    pending = null;
    log.info("ws.too-big tenant={} agent={} maxBytes={}", tenant(), agentId(), maxMessageBytes);
    close(CLOSE_TOO_BIG, "message too big (max " + maxMessageBytes + " bytes)");
  }
}
