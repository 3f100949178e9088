package io.switchboard.signaling;

import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test agent: a real Vert.x WebSocket client that queues every JSON message it receives. */
public final class WsClient implements AutoCloseable {
  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
  private final List<JsonObject> skipped = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private WsClient(ClientWebSocket ws) {
    this.ws = ws;
    // handlers are set before connecting, so a message that arrives with the handshake is not lost
    ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
    ws.closeHandler(v -> closed.countDown());
  }

  /** Connects with the token in the query string; blocks (call from a test thread). */
  public static WsClient connect(WebSocketClient client, int port, String token) {
    return open(client, port, "/ws?access_token=" + token).await();
  }

  public static Future<WsClient> open(WebSocketClient client, int port, String uri) {
    return open(client, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri));
  }

  public static Future<WsClient> open(WebSocketClient client, WebSocketConnectOptions options) {
    WsClient c = new WsClient(client.webSocket());
    return ((ClientWebSocket) c.ws).connect(options).map(c);
  }

  public void send(JsonObject m) {
    ws.writeTextMessage(m.encode()).await();
  }

  public void sendText(String text) {
    ws.writeTextMessage(text).await();
  }

  public void sendBinary(byte[] bytes) {
    ws.writeBinaryMessage(Buffer.buffer(bytes)).await();
  }

  /** Sends {@code m} with id {@code id} and returns the ack, pong or error carrying that id. */
  public JsonObject request(String id, JsonObject m) {
    send(m.copy().put("id", id));
    return await(r -> id.equals(r.getString("id")));
  }

  /** The next message of {@code type} (other messages are kept for later). */
  public JsonObject next(String type) {
    return await(m -> type.equals(m.getString("type")));
  }

  /** The first message matching {@code p}, waiting up to 5 s; earlier non-matching ones stay queued. */
  public JsonObject await(Predicate<JsonObject> p) {
    return await(p, java.time.Duration.ofSeconds(5));
  }

  /** As {@link #await(Predicate)}, waiting up to {@code within}. */
  public synchronized JsonObject await(Predicate<JsonObject> p, java.time.Duration within) {
    for (Iterator<JsonObject> it = skipped.iterator(); it.hasNext(); ) {
      JsonObject m = it.next();
      if (p.test(m)) {
        it.remove();
        return m;
      }
    }
    long deadline = System.nanoTime() + within.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
        if (m == null) {
          return fail("no matching message within " + within.toMillis() + " ms; received meanwhile: " + skipped);
        }
        if (p.test(m)) {
          return m;
        }
        skipped.add(m);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every message received so far and not consumed, without consuming them. */
  public synchronized List<JsonObject> peek() {
    inbox.drainTo(skipped);
    return List.copyOf(skipped);
  }

  /** Every message received so far and not consumed, after waiting {@code ms}. */
  public synchronized List<JsonObject> drain(long ms) throws InterruptedException {
    Thread.sleep(ms);
    List<JsonObject> all = new ArrayList<>(skipped);
    skipped.clear();
    inbox.drainTo(all);
    return all;
  }

  /** Waits for the server to close the socket and returns the close code. */
  public Short awaitClose(long ms) throws InterruptedException {
    if (!closed.await(ms, TimeUnit.MILLISECONDS)) {
      return fail("socket still open after " + ms + " ms");
    }
    return ws.closeStatusCode();
  }

  public boolean isClosed() {
    return ws.isClosed();
  }

  public WebSocket socket() {
    return ws;
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      ws.close().otherwiseEmpty().await(); // the server may be closing it at the same moment
    }
  }
}
