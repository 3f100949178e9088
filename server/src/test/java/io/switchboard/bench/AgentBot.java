package io.switchboard.bench;

import io.switchboard.signaling.WsClient;
import io.switchboard.support.TestNodes;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * One agent's page, driven over its WebSocket from outside the nodes: available, then for each offer accept, talk
 * {@code talkMs}, hang up, wrap up. When its socket closes (its node died or rejoined) it reconnects to a live node,
 * as the browser does. Requests refused while Redis is away are retried. Records what it saw for the chaos report:
 * every call it was connected to, and offers that reached it while it was on a call (a double booking).
 */
final class AgentBot implements Runnable {
  /** Calls each agent was connected to: a call with two agents was routed twice. */
  static final Map<String, List<String>> ANSWERED = new ConcurrentHashMap<>();
  /** System.nanoTime() of every accept, in order. */
  static final List<Long> ACCEPT_NANOS = new CopyOnWriteArrayList<>();
  static final AtomicInteger OFFERS_WHILE_BUSY = new AtomicInteger();
  /** Per agent, System.nanoTime() of every offer it received. */
  static final Map<String, List<Long>> OFFER_NANOS = new ConcurrentHashMap<>();

  private final String agent;
  private final String password;
  private final WebSocketClient client;
  private final IntSupplier livePort;
  private final long talkMs;
  private volatile boolean stop;
  private volatile WsClient ws;
  private int seq;

  /** @param livePort the HTTP port of a node that is up now (asked again on every reconnect) */
  AgentBot(String agent, String password, WebSocketClient client, IntSupplier livePort, long talkMs) {
    this.agent = agent;
    this.password = password;
    this.client = client;
    this.livePort = livePort;
    this.talkMs = talkMs;
  }

  static void reset() {
    ANSWERED.clear();
    ACCEPT_NANOS.clear();
    OFFERS_WHILE_BUSY.set(0);
    OFFER_NANOS.clear();
  }

  void stop() {
    stop = true;
  }

  @Override
  public void run() {
    while (!stop) {
      try {
        connect();
        work();
      } catch (RuntimeException | AssertionError e) {
        pause(500); // socket gone or a node away: reconnect
      } catch (Exception e) {
        pause(500);
      }
    }
    WsClient w = ws;
    if (w != null) {
      w.close();
    }
  }

  private void connect() throws Exception {
    WsClient old = ws;
    if (old != null && !old.isClosed()) {
      return;
    }
    int port = livePort.getAsInt();
    ws = WsClient.connect(client, port, TestNodes.login(port, "demo", agent, password));
    JsonObject hello = ws.next("hello");
    String callId = hello.getString("callId");
    if (callId != null && "on-call".equals(hello.getString("state"))) {
      finish(callId); // back on a live node in the middle of a call
      return;
    } else if (callId != null && "reserved".equals(hello.getString("state"))) {
      answer(callId); // it was ringing when the socket moved: hello rings again, as on the page
      return;
    } else if (callId != null && "wrap-up".equals(hello.getString("state"))) {
      request(new JsonObject().put("type", "wrapup.done").put("callId", callId).put("disposition", "resolved"));
    }
    request(new JsonObject().put("type", "state.set").put("state", "available"));
  }

  private void work() {
    while (!stop && !ws.isClosed()) {
      JsonObject offer;
      try {
        offer = ws.next("call.offered");
      } catch (AssertionError none) {
        // nothing within 5 s: as a person would, make sure it is available (a missed offer left it away)
        request(new JsonObject().put("type", "state.set").put("state", "available"));
        continue;
      }
      answer(offer.getString("callId"));
    }
  }

  /** Takes the call offered to this agent, talks, hangs up and wraps up; available again if it was refused. */
  private void answer(String callId) {
    OFFER_NANOS.computeIfAbsent(agent, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
    if (!"ack".equals(request(new JsonObject().put("type", "call.accept").put("callId", callId)).getString("type"))) {
      request(new JsonObject().put("type", "state.set").put("state", "available")); // e.g. away after no-answer
      return;
    }
    ANSWERED.computeIfAbsent(callId, k -> new CopyOnWriteArrayList<>()).add(agent);
    ACCEPT_NANOS.add(System.nanoTime());
    pause(talkMs);
    finish(callId);
  }

  /** Hangs up (until the ACD has the call ended) and wraps up; counts offers that came meanwhile. */
  private void finish(String callId) {
    for (JsonObject m : ws.peek()) { // arrived while on this call: the ACD booked this agent twice
      if ("call.offered".equals(m.getString("type")) && !callId.equals(m.getString("callId"))) {
        OFFERS_WHILE_BUSY.incrementAndGet();
      }
    }
    for (int i = 0; i < 40 && !ws.isClosed(); i++) {
      String code = request(new JsonObject().put("type", "call.hangup").put("callId", callId)).getString("code", "");
      if (code.isEmpty() || code.equals("invalid-transition") || code.equals("unknown-call")
          || code.equals("not-your-call")) {
        break;
      }
      pause(500);
    }
    request(new JsonObject().put("type", "wrapup.done").put("callId", callId).put("disposition", "resolved"));
    request(new JsonObject().put("type", "state.set").put("state", "available"));
  }

  private JsonObject request(JsonObject m) {
    try {
      return ws.request(agent + "-" + (++seq), m);
    } catch (AssertionError noReply) {
      return new JsonObject().put("type", "error").put("code", "timeout");
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
