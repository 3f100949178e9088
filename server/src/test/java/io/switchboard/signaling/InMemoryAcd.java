package io.switchboard.signaling;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdException;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.CallStatus;
import io.switchboard.acd.Enqueued;
import io.switchboard.acd.TenantStats;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.cluster.wire.Envelope;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test stand-in for the Redis ACD: state in memory (one lock), but offers, revocations and state
 * changes are PUBLISHed through real Redis on the agent's node channel, exactly as the ACD's scripts do,
 * so signaling's path from Redis to the socket is the real one. Only for tests and the signaling
 * benchmarks; not a full ACD (one FIFO per tenant, first available agent, no timers).
 */
public final class InMemoryAcd implements Acd {
  private final RedisConnections redis;
  private final Map<String, Agent> agents = new HashMap<>();
  private final Map<String, Call> calls = new HashMap<>();
  private final Map<String, Deque<String>> waiting = new HashMap<>();
  private final List<String> disconnects = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong seq = new AtomicLong();

  private static final class Agent {
    AgentState state = AgentState.OFFLINE;
    String reason;
    long since = System.currentTimeMillis();
    String callId;
    String node;
  }

  private record Call(String id, String queue, int priority, long enqueued, String caller, String callerName,
      String node) {}

  private final Map<String, String> callState = new HashMap<>();
  private final Map<String, String> callAgent = new HashMap<>();

  public InMemoryAcd(RedisConnections redis) {
    this.redis = redis;
  }

  /** "tenant/agentId/node" of every disconnected() call, in order. */
  public List<String> disconnects() {
    return List.copyOf(disconnects);
  }

  @Override
  public synchronized Future<Enqueued> enqueue(String tenant, CallSpec spec) {
    String id = spec.callId() != null ? spec.callId() : "c" + seq.incrementAndGet();
    calls.put(tenant + "/" + id, new Call(id, spec.queue(), spec.priority() == null ? 0 : spec.priority(),
        System.currentTimeMillis(), spec.caller(), spec.callerName(), spec.node()));
    callState.put(tenant + "/" + id, "waiting");
    waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>()).addLast(id);
    route(tenant);
    return Future.succeededFuture(new Enqueued(id, callAgent.get(tenant + "/" + id)));
  }

  @Override
  public synchronized Future<AgentStatus> setState(
      String tenant, String agentId, AgentState target, String reason, String nodeId) {
    Agent a = agent0(tenant, agentId);
    if (a.state == AgentState.RESERVED || a.state == AgentState.ON_CALL || a.state == AgentState.WRAP_UP) {
      return Future.failedFuture(new AcdException("invalid-transition",
          "cannot go " + target.wire() + " while " + a.state.wire()));
    }
    a.node = nodeId;
    change(tenant, agentId, a, target, reason, null);
    route(tenant);
    return Future.succeededFuture(status(agentId, a));
  }

  @Override
  public synchronized Future<Void> accept(String tenant, String agentId, String callId) {
    Agent a = agent0(tenant, agentId);
    if (a.state != AgentState.RESERVED || !callId.equals(a.callId)) {
      return Future.failedFuture(new AcdException("not-reserved", "call " + callId + " is not reserved for you"));
    }
    callState.put(tenant + "/" + callId, "connected");
    change(tenant, agentId, a, AgentState.ON_CALL, null, callId);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> reject(String tenant, String agentId, String callId) {
    Agent a = agent0(tenant, agentId);
    if (a.state != AgentState.RESERVED || !callId.equals(a.callId)) {
      return Future.failedFuture(new AcdException("not-reserved", "call " + callId + " is not reserved for you"));
    }
    requeue(tenant, callId);
    change(tenant, agentId, a, AgentState.AWAY, "rejected", null);
    route(tenant);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> hangup(String tenant, String agentId, String callId) {
    Agent a = agent0(tenant, agentId);
    if (a.state != AgentState.ON_CALL || !callId.equals(a.callId)) {
      return Future.failedFuture(new AcdException("not-connected", "you are not on call " + callId));
    }
    callState.put(tenant + "/" + callId, "ended");
    change(tenant, agentId, a, AgentState.WRAP_UP, null, callId);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> callerHangup(String tenant, String callId) {
    String key = tenant + "/" + callId;
    String agentId = callAgent.get(key);
    waiting.getOrDefault(tenant, new ArrayDeque<>()).remove(callId);
    callState.put(key, "abandoned");
    if (agentId != null) {
      Agent a = agent0(tenant, agentId);
      if (a.state == AgentState.RESERVED) {
        publish(a.node, tenant, agentId, new AgentMessage.CallRevoked(callId, "abandoned"));
        change(tenant, agentId, a, AgentState.AVAILABLE, null, null);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> wrapUpDone(
      String tenant, String agentId, String callId, String disposition, String notes) {
    Agent a = agent0(tenant, agentId);
    if (a.state != AgentState.WRAP_UP) { // the codes of acd-wrapup-done.lua
      return Future.failedFuture(new AcdException("invalid-transition", "agent " + agentId + " is not in wrap-up"));
    }
    if (!callId.equals(a.callId)) {
      return Future.failedFuture(new AcdException("not-your-call", "agent " + agentId + " is wrapping up another call"));
    }
    change(tenant, agentId, a, AgentState.AVAILABLE, null, null);
    route(tenant);
    return Future.succeededFuture();
  }

  /**
   * Blind transfer, simplified: any queue exists (the call goes to the back of the tenant's one FIFO and is
   * routed); an agent target must be available and is offered the call at once. The transferring agent goes
   * to wrap-up and the call's node is told {@code call.transferred}, as the Redis ACD does.
   */
  @Override
  public synchronized Future<Void> transfer(String tenant, String agentId, String callId, String targetQueue,
      String targetAgent) {
    String key = tenant + "/" + callId;
    boolean toQueue = targetQueue != null && !targetQueue.isEmpty();
    if (toQueue == (targetAgent != null && !targetAgent.isEmpty())) {
      return Future.failedFuture(new AcdException("invalid-argument", "queue: give exactly one of queue or agentId"));
    }
    Call c = calls.get(key);
    if (c == null) {
      return Future.failedFuture(new AcdException("unknown-call", "call " + callId + " does not exist"));
    }
    if (!agentId.equals(callAgent.get(key))) {
      return Future.failedFuture(new AcdException("not-your-call", "call " + callId + " is not connected to you"));
    }
    if (!"connected".equals(callState.get(key))) {
      return Future.failedFuture(new AcdException("invalid-transition", "call " + callId + " is not connected"));
    }
    Agent target = toQueue ? null : agents.get(tenant + "/" + targetAgent);
    if (!toQueue && (target == null || target.state != AgentState.AVAILABLE)) {
      return Future.failedFuture(new AcdException("agent-unavailable", "agent " + targetAgent + " is not available"));
    }
    CallMessage told = new CallMessage.CallTransferred(callId, toQueue ? targetQueue : null,
        toQueue ? null : targetAgent);
    if (c.node() != null) {
      redis.commands().publish(Keys.nodeChannel(c.node()),
          BusCodec.encode(new Envelope.AboutCall(tenant, callId, told)));
    }
    if (toQueue) {
      calls.put(key, new Call(callId, targetQueue, c.priority(), System.currentTimeMillis(), c.caller(),
          c.callerName(), c.node()));
      callAgent.remove(key);
      callState.put(key, "waiting");
      waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>()).addLast(callId);
    }
    change(tenant, agentId, agent0(tenant, agentId), AgentState.WRAP_UP, null, callId);
    if (toQueue) {
      route(tenant);
    } else {
      offer(tenant, callId, targetAgent, target);
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> disconnected(String tenant, String agentId, String nodeId) {
    disconnects.add(tenant + "/" + agentId + "/" + nodeId);
    Agent a = agent0(tenant, agentId);
    if (a.state == AgentState.RESERVED) {
      requeue(tenant, a.callId);
      change(tenant, agentId, a, AgentState.OFFLINE, "disconnected", null);
      route(tenant);
    } else if (a.state == AgentState.AVAILABLE || a.state == AgentState.AWAY) {
      change(tenant, agentId, a, AgentState.OFFLINE, "disconnected", null);
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<AgentStatus> attach(String tenant, String agentId, String nodeId) {
    Agent a = agent0(tenant, agentId);
    if (a.state != AgentState.OFFLINE) {
      a.node = nodeId;
    }
    return Future.succeededFuture(status(agentId, a));
  }

  @Override
  public synchronized Future<NodeLoss> nodeLost(String tenant, String deadNode) {
    return Future.succeededFuture(new NodeLoss(0, 0)); // not modelled: the Redis ACD's ITs cover it
  }

  @Override
  public synchronized Future<Reconciled> reconcile(String tenant, String nodeId, List<HeldCall> calls) {
    return Future.succeededFuture(new Reconciled(0, 0, 0, List.of())); // not modelled
  }

  @Override
  public synchronized Future<Void> setCallFlag(String tenant, String agentId, String callId, CallFlag flag,
      boolean on) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> recordingEvent(String tenant, String type, String callId, String agentId, String queue,
      String recordingId) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> monitorEvent(String tenant, String type, String callId, String agentId, String queue,
      String supervisorId, String mode) {
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<AgentStatus> agent(String tenant, String agentId) {
    return Future.succeededFuture(status(agentId, agent0(tenant, agentId)));
  }

  @Override
  public synchronized Future<CallStatus> call(String tenant, String callId) {
    Call c = calls.get(tenant + "/" + callId);
    if (c == null) {
      return Future.failedFuture(new AcdException("unknown-call", "no call " + callId));
    }
    String key = tenant + "/" + callId;
    return Future.succeededFuture(new CallStatus(callId, c.queue(), callState.get(key), c.priority(), c.enqueued(),
        callAgent.get(key), c.node(), c.caller(), c.callerName()));
  }

  @Override
  public synchronized Future<TenantStats> stats(String tenant) {
    Map<String, Integer> byQueue = new TreeMap<>();
    for (String id : waiting.getOrDefault(tenant, new ArrayDeque<>())) {
      byQueue.merge(calls.get(tenant + "/" + id).queue(), 1, Integer::sum);
    }
    List<TenantStats.QueueStats> queues = new ArrayList<>();
    byQueue.forEach((q, n) -> queues.add(new TenantStats.QueueStats(q, n, 0, n, 0, 0, 0, 0, null)));
    Map<AgentState, Integer> byState = new EnumMap<>(AgentState.class);
    String prefix = tenant + "/";
    Map<String, TenantStats.AgentEntry> list = new TreeMap<>();
    agents.forEach((k, a) -> {
      if (k.startsWith(prefix)) {
        byState.merge(a.state, 1, Integer::sum);
        String id = k.substring(prefix.length());
        list.put(id, new TenantStats.AgentEntry(id, null, a.state, a.since, a.reason, a.callId));
      }
    });
    return Future.succeededFuture(new TenantStats(System.currentTimeMillis(), queues, byState,
        list.values().stream().limit(TenantStats.AGENT_LIST_MAX).toList()));
  }

  @Override
  public Future<Void> dtmf(String tenant, String callId, String queue, String agentId, char digit, long durationMs) {
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Integer> queuePosition(String tenant, String queue, String callId) {
    int i = 0;
    for (String id : waiting.getOrDefault(tenant, new ArrayDeque<>())) {
      if (queue.equals(calls.get(tenant + "/" + id).queue())) {
        i++;
        if (id.equals(callId)) {
          return Future.succeededFuture(i);
        }
      }
    }
    return Future.succeededFuture(0);
  }

  @Override
  public Future<Integer> sweep(String tenant) {
    return Future.succeededFuture(0);
  }

  private Agent agent0(String tenant, String agentId) {
    return agents.computeIfAbsent(tenant + "/" + agentId, k -> new Agent());
  }

  private void requeue(String tenant, String callId) {
    callAgent.remove(tenant + "/" + callId);
    callState.put(tenant + "/" + callId, "waiting");
    waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>()).addFirst(callId);
  }

  /** Pairs waiting calls with available agents (first found), reserving and offering. */
  private void route(String tenant) {
    Deque<String> q = waiting.get(tenant);
    while (q != null && !q.isEmpty()) {
      String agentId = null;
      for (Map.Entry<String, Agent> e : agents.entrySet()) {
        if (e.getKey().startsWith(tenant + "/") && e.getValue().state == AgentState.AVAILABLE) {
          agentId = e.getKey().substring(tenant.length() + 1);
          break;
        }
      }
      if (agentId == null) {
        return;
      }
      String callId = q.pollFirst();
      offer(tenant, callId, agentId, agents.get(tenant + "/" + agentId));
    }
  }

  /** Reserves waiting call {@code callId} (at the head of the FIFO or already taken off it) for agent a. */
  private void offer(String tenant, String callId, String agentId, Agent a) {
    waiting.getOrDefault(tenant, new ArrayDeque<>()).remove(callId);
    Call c = calls.get(tenant + "/" + callId);
    callAgent.put(tenant + "/" + callId, agentId);
    callState.put(tenant + "/" + callId, "reserved");
    change(tenant, agentId, a, AgentState.RESERVED, null, callId);
    publish(a.node, tenant, agentId, new AgentMessage.CallOffered(callId, c.queue(), c.caller(), c.callerName(),
        c.priority(), System.currentTimeMillis() + 15_000));
  }

  private void change(String tenant, String agentId, Agent a, AgentState to, String reason, String callId) {
    a.state = to;
    a.reason = reason;
    a.callId = callId;
    a.since = System.currentTimeMillis();
    publish(a.node, tenant, agentId, new AgentMessage.AgentStateChanged(to.wire(), reason, a.since, callId));
  }

  private void publish(String node, String tenant, String agentId, AgentMessage message) {
    if (node != null) {
      redis.commands().publish(Keys.nodeChannel(node), BusCodec.encode(new Envelope.ToAgent(tenant, agentId, message)));
    }
  }

  private static AgentStatus status(String agentId, Agent a) {
    return new AgentStatus(agentId, a.state, a.reason, a.since, a.callId);
  }
}
