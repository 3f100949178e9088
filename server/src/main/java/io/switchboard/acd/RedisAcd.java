package io.switchboard.acd;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.monitor.ConsultTarget;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link Acd} on Redis: every operation is exactly one Lua script call (one round trip), and every routing
 * step runs inside the script of the change that triggered it. See the package documentation for the key
 * layout and the script calling convention.
 *
 * <p>Time: each call passes this node's {@code clock} to the script, so deadlines are comparable across
 * nodes as far as their clocks agree (NTP), and tests can drive timeouts with a controllable clock.
 *
 * <p>Threading: thread-safe and non-blocking; futures complete on the caller's Vert.x context (or a new
 * event-loop context when called from elsewhere).
 */
public final class RedisAcd implements Acd, TrunkSlots {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final int TEXT_MAX = 256;
  private static final int NOTES_MAX = 4000;

  private final RedisClusterAsyncCommands<String, String> redis;
  private final AcdOptions options;
  private final Clock clock;
  /** Where results go when a method is called off any Vert.x context (tests, benchmarks, main threads). */
  private final Context fallbackContext;

  public RedisAcd(Vertx vertx, RedisConnections redis, AcdOptions options, Clock clock) {
    this.redis = redis.commands();
    this.options = options;
    this.clock = clock;
    this.fallbackContext = vertx.getOrCreateContext();
  }

  /** Longest flow path kept with a call (a flow has at most 100 steps of node ids up to 64 characters). */
  static final int FLOW_PATH_MAX = 8192;

  @Override
  public Future<Enqueued> enqueue(String tenant, CallSpec call) {
    return attempt(() -> {
      if (call == null) {
        throw AcdArgs.invalid("call", "is required");
      }
      String callId = call.callId() == null ? UUID.randomUUID().toString() : AcdArgs.id("callId", call.callId());
      String skills = new JsonObject(Map.copyOf(AcdArgs.skills(call.skills()))).encode();
      return run(AcdScripts.ENQUEUE, tenant,
              callId,
              AcdArgs.id("queue", call.queue()),
              AcdArgs.priority(call.priority()),
              skills,
              AcdArgs.language(call.language()),
              AcdArgs.text("caller", call.caller(), TEXT_MAX),
              AcdArgs.text("callerName", call.callerName(), TEXT_MAX),
              AcdArgs.region(call.region()),
              AcdArgs.optionalId("node", call.node()),
              AcdArgs.text("flowPath", call.flowPath(), FLOW_PATH_MAX))
          .map(reply -> enqueued(callId, reply));
    });
  }

  @Override
  public Future<AgentStatus> setState(String tenant, String agentId, AgentState target, String reason, String nodeId) {
    return attempt(() -> {
      if (target != AgentState.AVAILABLE && target != AgentState.AWAY && target != AgentState.OFFLINE) {
        throw AcdArgs.invalid("state", "only available, away or offline can be set, not "
            + (target == null ? "nothing" : target.wire()));
      }
      String why = target == AgentState.AWAY ? AcdArgs.reason(reason) : "";
      return run(AcdScripts.STATE, tenant, AcdArgs.id("agentId", agentId), target.wire(), why,
              AcdArgs.id("nodeId", nodeId))
          .map(RedisAcd::agentStatus);
    });
  }

  @Override
  public Future<Void> accept(String tenant, String agentId, String callId) {
    return agentCall(AcdScripts.ACCEPT, tenant, agentId, callId);
  }

  @Override
  public Future<Void> reject(String tenant, String agentId, String callId) {
    return agentCall(AcdScripts.REJECT, tenant, agentId, callId);
  }

  @Override
  public Future<Void> hangup(String tenant, String agentId, String callId) {
    return agentCall(AcdScripts.HANGUP, tenant, agentId, callId);
  }

  @Override
  public Future<Void> transfer(String tenant, String agentId, String callId, String targetQueue, String targetAgent) {
    return attempt(() -> {
      boolean toQueue = targetQueue != null && !targetQueue.isEmpty();
      boolean toAgent = targetAgent != null && !targetAgent.isEmpty();
      if (toQueue == toAgent) {
        throw AcdArgs.invalid("queue", "give exactly one of queue or agentId");
      }
      return run(AcdScripts.TRANSFER, tenant,
              AcdArgs.id("agentId", agentId),
              AcdArgs.id("callId", callId),
              toQueue ? AcdArgs.id("queue", targetQueue) : "",
              toAgent ? AcdArgs.id("agentId", targetAgent) : "")
          .mapEmpty();
    });
  }

  @Override
  public Future<Void> dial(String tenant, String agentId, String callId, Dial dial) {
    return attempt(() -> run(AcdScripts.DIAL, tenant,
            AcdArgs.id("agentId", agentId),
            AcdArgs.id("callId", callId),
            AcdArgs.text("number", dial.number(), 16),
            AcdArgs.text("callerId", dial.callerId(), 16),
            dial.queue() == null ? "" : AcdArgs.id("queue", dial.queue()),
            AcdArgs.id("trunk", dial.trunk()))
        .mapEmpty());
  }

  @Override
  public Future<Void> dialAnswered(String tenant, String callId) {
    return attempt(() -> run(AcdScripts.DIAL_ANSWERED, tenant, AcdArgs.id("callId", callId)).mapEmpty());
  }

  @Override
  public Future<Void> dialFailed(String tenant, String callId, String outcome) {
    return dialFailed(tenant, callId, outcome, null);
  }

  @Override
  public Future<Void> dialFailed(String tenant, String callId, String outcome, String refused) {
    return attempt(() -> run(AcdScripts.DIAL_FAILED, tenant, AcdArgs.id("callId", callId),
        AcdArgs.id("outcome", outcome), refused == null ? "" : AcdArgs.id("refused", refused)).mapEmpty());
  }

  @Override
  public Future<Boolean> callbackRequested(String tenant, String callId, String number, int attempts,
      long retryDelayMs) {
    return attempt(() -> run(AcdScripts.CALLBACK, tenant, AcdArgs.id("callId", callId),
        AcdArgs.text("number", number, 16), String.valueOf(attempts), String.valueOf(retryDelayMs))
        .map("OK"::equals));
  }

  @Override
  public Future<Void> voicemail(String tenant, CallSpec call, String recordingId, long durationMs,
      boolean afterHours) {
    return attempt(() -> {
      if (call == null) {
        throw AcdArgs.invalid("call", "is required");
      }
      return run(AcdScripts.VOICEMAIL, tenant, AcdArgs.id("callId", call.callId()), AcdArgs.id("queue", call.queue()),
              AcdArgs.text("caller", call.caller(), TEXT_MAX), AcdArgs.text("callerName", call.callerName(), TEXT_MAX),
              AcdArgs.language(call.language()), AcdArgs.region(call.region()),
              AcdArgs.text("flowPath", call.flowPath(), FLOW_PATH_MAX), AcdArgs.id("recordingId", recordingId),
              Long.toString(durationMs), afterHours ? "1" : "", AcdArgs.priority(call.priority()),
              new JsonObject(Map.copyOf(AcdArgs.skills(call.skills()))).encode())
          .mapEmpty();
    });
  }

  @Override
  public Future<Void> callerHangup(String tenant, String callId) {
    return attempt(() -> run(AcdScripts.CALLER_HANGUP, tenant, AcdArgs.id("callId", callId)).mapEmpty());
  }

  @Override
  public Future<Void> wrapUpDone(String tenant, String agentId, String callId, String disposition, String notes) {
    return wrapUpDone(tenant, agentId, callId, disposition, notes, null);
  }

  @Override
  public Future<Void> wrapUpDone(String tenant, String agentId, String callId, String disposition, String notes,
      Long callbackAtMs) {
    return attempt(() -> run(AcdScripts.WRAPUP_DONE, tenant,
            AcdArgs.id("agentId", agentId),
            AcdArgs.id("callId", callId),
            AcdArgs.text("disposition", disposition, 64),
            AcdArgs.text("notes", notes, NOTES_MAX),
            callbackAtMs == null ? "" : Long.toString(callbackAtMs))
        .mapEmpty());
  }

  @Override
  public Future<Void> disconnected(String tenant, String agentId, String nodeId) {
    return attempt(() -> run(AcdScripts.DISCONNECTED, tenant,
            AcdArgs.id("agentId", agentId), AcdArgs.id("nodeId", nodeId))
        .mapEmpty());
  }

  @Override
  public Future<AgentStatus> attach(String tenant, String agentId, String nodeId) {
    return attempt(() -> run(AcdScripts.ATTACH, tenant, AcdArgs.id("agentId", agentId), AcdArgs.id("nodeId", nodeId))
        .map(RedisAcd::agentStatus));
  }

  /** Runs the script in batches until the dead node has no call left for this tenant. */
  @Override
  public Future<NodeLoss> nodeLost(String tenant, String deadNode) {
    return attempt(() -> nodeLostBatch(tenant, AcdArgs.id("nodeId", deadNode), new NodeLoss(0, 0)));
  }

  private Future<NodeLoss> nodeLostBatch(String tenant, String deadNode, NodeLoss sofar) {
    return run(AcdScripts.NODE_LOST, tenant, deadNode).compose(reply -> {
      JsonObject o = new JsonObject(reply);
      NodeLoss total = new NodeLoss(sofar.lost() + o.getInteger("lost", 0), sofar.ended() + o.getInteger("ended", 0));
      return o.getInteger("remaining", 0) > 0 ? nodeLostBatch(tenant, deadNode, total) : Future.succeededFuture(total);
    });
  }

  @Override
  public Future<Reconciled> reconcile(String tenant, String nodeId, List<HeldCall> calls) {
    return attempt(() -> {
      JsonArray list = new JsonArray();
      for (HeldCall c : calls) {
        list.add(new JsonObject().put("id", AcdArgs.id("callId", c.callId())).put("queue", AcdArgs.id("queue", c.queue()))
            .put("score", c.score()).put("enqueuedAt", Long.toString(c.enqueuedAtMs()))
            .put("caller", c.caller()).put("callerName", c.callerName()).put("region", c.region())
            .put("state", c.connected() ? "connected" : "waiting").put("agent", c.agentId()).put("pending", c.pending()));
      }
      return run(AcdScripts.RECONCILE, tenant, AcdArgs.id("nodeId", nodeId), list.encode()).map(reply -> {
        JsonObject o = new JsonObject(reply);
        List<String> hangUp = new ArrayList<>();
        if (o.getValue("hangUp") instanceof JsonArray ids) { // cjson encodes an empty list as {}
          ids.forEach(id -> hangUp.add((String) id));
        }
        return new Reconciled(o.getInteger("restored", 0), o.getInteger("fixed", 0), o.getInteger("dropped", 0),
            List.copyOf(hangUp));
      });
    });
  }

  @Override
  public Future<String> reserveConsult(String tenant, String agentId, String callId, ConsultTarget target) {
    return attempt(() -> run(AcdScripts.CONSULT, tenant, AcdArgs.id("agentId", agentId), AcdArgs.id("callId", callId),
        target.agentId() == null ? "" : AcdArgs.id("agentId", target.agentId()), "reserve",
        target.teamLeader() ? "leader" : "", target.queueId() == null ? "" : AcdArgs.id("queueId", target.queueId())));
  }

  @Override
  public Future<Void> releaseConsult(String tenant, String agentId, String callId, String colleagueId) {
    return attempt(() -> run(AcdScripts.CONSULT, tenant, AcdArgs.id("agentId", agentId), AcdArgs.id("callId", callId),
            AcdArgs.id("agentId", colleagueId), "release", "", "")
        .mapEmpty());
  }

  @Override
  public Future<Void> declineConsult(String tenant, String agentId, String callId, String colleagueId,
      String reason) {
    return attempt(() -> run(AcdScripts.CONSULT, tenant, AcdArgs.id("agentId", agentId), AcdArgs.id("callId", callId),
            AcdArgs.id("agentId", colleagueId), "decline", reason == null ? "" : reason, "")
        .mapEmpty());
  }

  @Override
  public Future<Void> completeConsult(String tenant, String agentId, String callId, String colleagueId,
      String kind) {
    return attempt(() -> run(AcdScripts.CONSULT, tenant, AcdArgs.id("agentId", agentId), AcdArgs.id("callId", callId),
            AcdArgs.id("agentId", colleagueId), "complete", kind, "")
        .mapEmpty());
  }

  @Override
  public Future<Void> setCallFlag(String tenant, String agentId, String callId, CallFlag flag, boolean on) {
    return attempt(() -> run(AcdScripts.CALL_FLAG, tenant, AcdArgs.id("agentId", agentId), AcdArgs.id("callId", callId),
            flag.wire(), on ? "1" : "0")
        .mapEmpty());
  }

  @Override
  public Future<Void> recordingEvent(String tenant, String type, String callId, String agentId, String queue,
      String recordingId) {
    return attempt(() -> {
      if (!RECORDING_EVENTS.contains(type)) {
        throw AcdArgs.invalid("type", "must be one of " + RECORDING_EVENTS);
      }
      return run(AcdScripts.RECORDING, tenant, type, AcdArgs.id("callId", callId), AcdArgs.id("agentId", agentId),
          queue == null ? "" : AcdArgs.id("queue", queue), AcdArgs.id("recordingId", recordingId)).mapEmpty();
    });
  }

  @Override
  public Future<Void> monitorEvent(String tenant, String type, String callId, String agentId, String queue,
      String supervisorId, String mode) {
    return attempt(() -> {
      if (!MONITOR_EVENTS.contains(type)) {
        throw AcdArgs.invalid("type", "must be one of " + MONITOR_EVENTS);
      }
      return run(AcdScripts.MONITOR, tenant, type, AcdArgs.id("callId", callId), AcdArgs.id("agentId", agentId),
          queue == null ? "" : AcdArgs.id("queue", queue), AcdArgs.id("supervisorId", supervisorId),
          AcdArgs.id("mode", mode)).mapEmpty();
    });
  }

  @Override
  public Future<Void> dtmf(String tenant, String callId, String queue, String agentId, char digit, long durationMs) {
    return attempt(() -> {
      if ("0123456789*#ABCD".indexOf(digit) < 0 || durationMs < 0) {
        throw AcdArgs.invalid("digit", "must be one of 0-9 * # A-D with a duration >= 0");
      }
      return run(AcdScripts.DTMF, tenant, AcdArgs.id("callId", callId), AcdArgs.id("queue", queue),
              String.valueOf(digit), Long.toString(durationMs), AcdArgs.optionalId("agentId", agentId))
          .mapEmpty();
    });
  }

  /** A plain ZRANK, not a script: one read of one key the ACD owns. */
  @Override
  public Future<Integer> queuePosition(String tenant, String queue, String callId) {
    return attempt(() -> {
      String key = Keys.tenant(AcdArgs.tenant(tenant)) + ":acd:q:" + AcdArgs.id("queue", queue) + ":waiting";
      return Lua.<Long>toVertx(redis.zrank(key, AcdArgs.id("callId", callId)), context())
          .map(rank -> rank == null ? 0 : (int) (rank + 1));
    });
  }

  /** One read-only script: ZRANK, SCARD of the queue's staffed agents, HGET of its handle time. */
  @Override
  public Future<WaitEstimate> waitEstimate(String tenant, String queue, String callId) {
    return attempt(() -> run(AcdScripts.ESTIMATE, tenant, AcdArgs.id("queue", queue), AcdArgs.id("callId", callId))
        .map(reply -> {
          String[] p = reply.split(" ", -1);
          return new WaitEstimate(Integer.parseInt(p[0]), Integer.parseInt(p[1]), handleMs(p[2]));
        }));
  }

  @Override
  public Future<Boolean> closed(String tenant, CallSpec call) {
    return attempt(() -> {
      if (call == null) {
        throw AcdArgs.invalid("call", "is required");
      }
      return run(AcdScripts.CLOSED, tenant, AcdArgs.id("callId", call.callId()), AcdArgs.id("queue", call.queue()),
              AcdArgs.text("caller", call.caller(), TEXT_MAX), AcdArgs.region(call.region()),
              AcdArgs.optionalId("node", call.node()))
          .map("1"::equals);
    });
  }

  @Override
  public Future<Boolean> queueHours(String tenant, String queue, boolean open) {
    return attempt(() -> run(AcdScripts.HOURS, tenant, AcdArgs.id("queue", queue), open ? "open" : "closed")
        .map("1"::equals));
  }

  @Override
  public Future<Void> flowEnded(String tenant, CallSpec call, String by) {
    return flowEnded(tenant, call, by, null);
  }

  @Override
  public Future<Void> flowEnded(String tenant, CallSpec call, String by, FlowTransfer transfer) {
    return attempt(() -> {
      if (call == null) {
        throw AcdArgs.invalid("call", "is required");
      }
      if (transfer != null && transfer.talkMs() < 0) {
        throw AcdArgs.invalid("talkMs", "must not be negative");
      }
      return run(AcdScripts.FLOW_ENDED, tenant, AcdArgs.id("callId", call.callId()),
              AcdArgs.text("caller", call.caller(), TEXT_MAX), AcdArgs.language(call.language()),
              AcdArgs.region(call.region()), AcdArgs.optionalId("node", call.node()),
              AcdArgs.text("flowPath", call.flowPath(), FLOW_PATH_MAX), AcdArgs.text("by", by, 32),
              transfer == null ? "" : AcdArgs.text("number", transfer.number(), 16),
              transfer == null ? "" : AcdArgs.optionalId("trunk", transfer.trunk()),
              transfer == null ? "" : Long.toString(transfer.talkMs()),
              transfer == null ? "" : AcdArgs.text("hungUpBy", transfer.hungUpBy(), 16))
          .mapEmpty();
    });
  }

  /** The queue's recent handle time as Redis holds it (ms, maybe fractional), or the default when it has none. */
  private long handleMs(String stored) {
    return stored == null || stored.isEmpty() ? options.defaultHandleSeconds() * 1000L
        : Math.round(Double.parseDouble(stored));
  }

  @Override
  public Future<AgentStatus> agent(String tenant, String agentId) {
    return attempt(() -> run(AcdScripts.AGENT, tenant, AcdArgs.id("agentId", agentId)).map(RedisAcd::agentStatus));
  }

  @Override
  public Future<CallStatus> call(String tenant, String callId) {
    return attempt(() -> run(AcdScripts.CALL, tenant, AcdArgs.id("callId", callId)).map(reply -> {
      JsonObject o = new JsonObject(reply);
      return new CallStatus(o.getString("callId"), o.getString("queue"), o.getString("state"),
          o.getInteger("priority", 0), o.getLong("enqueuedAt", 0L), o.getString("agentId"), o.getString("node"),
          o.getString("caller"), o.getString("callerName"), o.getLong("deadline", 0L), o.getLong("answeredAt", 0L),
          o.getBoolean("held", false), o.getBoolean("muted", false), o.getString("callback"),
          o.getString("voicemail"), o.getLong("voicemailMs", 0L), o.getString("callerId"), o.containsKey("caseId")
              ? new CallStatus.WorkCase(o.getLong("caseId"), o.getString("subject"), o.getString("casePriority"),
                  o.getLong("dueAt", 0L)) : null, o.getString("preview"),
          o.getString("contactCard"));
    }));
  }

  @Override
  public Future<TenantStats> stats(String tenant) {
    return attempt(() -> run(AcdScripts.STATS, tenant).map(r -> tenantStats(r, options.defaultHandleSeconds() * 1000L)));
  }

  @Override
  public Future<Integer> sweep(String tenant) {
    return attempt(() -> run(AcdScripts.SWEEP, tenant).map(Integer::parseInt));
  }

  private Future<Void> agentCall(Lua script, String tenant, String agentId, String callId) {
    return attempt(() -> run(script, tenant, AcdArgs.id("agentId", agentId), AcdArgs.id("callId", callId))
        .mapEmpty());
  }

  /** Argument checks throw; they become a failed future so callers see one failure path. */
  private static <T> Future<T> attempt(Supplier<Future<T>> body) {
    try {
      return body.get();
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Boolean> acquire(String tenant, String trunkId, String callId, int limit) {
    return attempt(() -> {
      if (limit < 1) {
        throw AcdArgs.invalid("limit", "must be at least 1, was " + limit);
      }
      return run(AcdScripts.TRUNK_ACQUIRE, tenant, AcdArgs.id("trunkId", trunkId), AcdArgs.id("callId", callId),
          Integer.toString(limit)).map("1"::equals);
    });
  }

  @Override
  public Future<Void> release(String tenant, String trunkId, String callId) {
    return attempt(() -> run(AcdScripts.TRUNK_RELEASE, tenant, AcdArgs.id("trunkId", trunkId),
        AcdArgs.id("callId", callId)).mapEmpty());
  }

  @Override
  public Future<Void> sync(String tenant, Map<String, String> held, long graceMs) {
    return attempt(() -> {
      JsonObject list = new JsonObject();
      held.forEach((call, trunk) -> list.put(AcdArgs.id("callId", call), AcdArgs.id("trunkId", trunk)));
      return run(AcdScripts.TRUNK_SYNC, tenant, list.encode(), Long.toString(Math.max(0, graceMs))).mapEmpty();
    });
  }

  /** One EVALSHA: KEYS[1] = the tenant's anchor key; ARGV = the common prefix, then {@code opArgs}. */
  Future<String> run(Lua script, String tenant, String... opArgs) {
    String[] keys = {Keys.tenant(AcdArgs.tenant(tenant))};
    long now = clock.millis();
    String[] args = new String[7 + opArgs.length];
    args[0] = Long.toString(now);
    args[1] = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC).format(DAY);
    args[2] = options.nodeId();
    args[3] = Integer.toString(options.routeScanCalls());
    args[4] = Integer.toString(options.routeScanAgents());
    args[5] = Integer.toString(options.eventStreamMaxLen());
    args[6] = tenant;
    System.arraycopy(opArgs, 0, args, 7, opArgs.length);
    return Lua.<String>toVertx(script.run(redis, ScriptOutputType.VALUE, keys, args), context())
        .recover(e -> Future.failedFuture(translate(e)));
  }

  private Context context() {
    Context current = Vertx.currentContext();
    return current != null ? current : fallbackContext;
  }

  /** A script's error reply {@code ACD:<code>:<message>} becomes an {@link AcdException}. */
  static Throwable translate(Throwable e) {
    String m = e instanceof RedisCommandExecutionException ? e.getMessage() : null;
    int at = m == null ? -1 : m.indexOf("ACD:");
    if (at < 0) {
      return e;
    }
    String rest = m.substring(at + 4);
    int colon = rest.indexOf(':');
    return colon < 0 ? new AcdException(rest, rest) : new AcdException(rest.substring(0, colon), rest.substring(colon + 1));
  }

  /** {@code "<agent> <score> <enqueuedAt>"} (agent empty when none) from acd-enqueue.lua. */
  static Enqueued enqueued(String callId, String reply) {
    String[] parts = reply.split(" ", -1);
    if (parts.length != 3) {
      throw new IllegalStateException("acd-enqueue replied " + reply);
    }
    return new Enqueued(callId, parts[0].isEmpty() ? null : parts[0], parts[1], Long.parseLong(parts[2]));
  }

  static AgentStatus agentStatus(String reply) {
    JsonObject o = new JsonObject(reply);
    return new AgentStatus(
        o.getString("agentId"),
        AgentState.fromWire(o.getString("state")).orElse(AgentState.OFFLINE),
        o.getString("reason"),
        o.getLong("since", 0L),
        o.getString("callId"));
  }

  static TenantStats tenantStats(String reply) {
    return tenantStats(reply, AcdOptions.DEFAULT_HANDLE_SECONDS * 1000L);
  }

  static TenantStats tenantStats(String reply, long defaultHandleMs) {
    JsonObject o = new JsonObject(reply);
    long now = o.getLong("now");
    List<TenantStats.QueueStats> queues = new ArrayList<>();
    // cjson encodes an empty Lua table as {} rather than []
    if (o.getValue("queues") instanceof JsonArray list) {
      for (int i = 0; i < list.size(); i++) {
        queues.add(queueStats(list.getJsonObject(i), now, defaultHandleMs));
      }
    }
    Map<AgentState, Integer> agents = new EnumMap<>(AgentState.class);
    JsonObject counts = o.getJsonObject("agents", new JsonObject());
    for (AgentState s : AgentState.values()) {
      agents.put(s, counts.getInteger(s.wire(), 0));
    }
    List<TenantStats.AgentEntry> list = new ArrayList<>();
    if (o.getValue("agentList") instanceof JsonArray rows) {
      for (int i = 0; i < rows.size(); i++) {
        JsonObject a = rows.getJsonObject(i);
        list.add(new TenantStats.AgentEntry(a.getString("agentId"), a.getString("name"),
            AgentState.fromWire(a.getString("state")).orElse(AgentState.OFFLINE), a.getLong("since", 0L),
            a.getString("reason"), a.getString("callId"), a.getString("region")));
      }
    }
    return new TenantStats(now, List.copyOf(queues), Map.copyOf(agents), List.copyOf(list), callList(o));
  }

  private static List<TenantStats.CallEntry> callList(JsonObject o) {
    List<TenantStats.CallEntry> calls = new ArrayList<>();
    if (o.getValue("callList") instanceof JsonArray rows) {  // {} when empty, as above
      for (int i = 0; i < rows.size(); i++) {
        JsonObject c = rows.getJsonObject(i);
        List<TenantStats.Monitor> monitors = new ArrayList<>();
        if (c.getValue("monitors") instanceof JsonArray ms) {
          for (int j = 0; j < ms.size(); j++) {
            JsonObject m = ms.getJsonObject(j);
            monitors.add(new TenantStats.Monitor(m.getString("supervisorId"), m.getString("mode")));
          }
        }
        calls.add(new TenantStats.CallEntry(c.getString("callId"), c.getString("queue"), c.getString("state"),
            c.getString("region"), c.getLong("enqueuedAt", 0L), c.getString("agentId"), monitors));
      }
    }
    return List.copyOf(calls);
  }

  private static TenantStats.QueueStats queueStats(JsonObject q, long now, long defaultHandleMs) {
    Long oldest = q.getLong("oldestEnqueuedAt");
    long answered = q.getLong("answered", 0L);
    long inTarget = q.getLong("answeredInTarget", 0L);
    long abandoned = q.getLong("abandoned", 0L);
    return new TenantStats.QueueStats(
        q.getString("queue"),
        q.getInteger("waiting", 0),
        oldest == null ? 0 : Math.max(0, (now - oldest) / 1000),
        q.getLong("offered", 0L),
        answered,
        inTarget,
        abandoned,
        q.getLong("lost", 0L),
        queueGoals(q.getValue("goals")),
        q.getLong("closed", 0L),
        q.getInteger("staffed", 0),
        q.getInteger("idle", 0),
        q.getValue("handleMs") instanceof Number n ? Math.round(n.doubleValue()) : defaultHandleMs);
  }

  /** The goals acd-stats.lua read from the queue's directory document; null when the queue has none. */
  private static TenantStats.QueueGoals queueGoals(Object value) {
    if (!(value instanceof JsonObject g)) {
      return null;
    }
    return new TenantStats.QueueGoals(g.getInteger("serviceLevelPercent"), g.getInteger("serviceLevelSeconds"),
        g.getInteger("asaSeconds"), g.getInteger("abandonPercent"), g.getInteger("ahtSeconds"));
  }
}
