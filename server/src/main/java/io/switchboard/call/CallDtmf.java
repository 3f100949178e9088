package io.switchboard.call;

import io.lettuce.core.XAddArgs;
import io.switchboard.cluster.NodeBus;
import io.switchboard.media.dtmf.DtmfDigit;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.session.SessionListener;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTMF digits (RFC 4733, from the media session) become call events: one {@code call.dtmf} entry in the tenant's
 * event stream {@code sb:{t}:events} (fields type, ts, node, callId, queue, digit, durationMs, agentId when
 * connected), and, while an agent is connected, {@code {"type":"call.dtmf","callId","digit"}} published to the node
 * holding the agent's socket (the agent hash's {@code node}).
 *
 * <p>Threading: the session listener hops to the call layer's context; everything else runs there.
 */
final class CallDtmf {
  private static final Logger LOG = LoggerFactory.getLogger(CallDtmf.class);
  /** Same bound as the ACD's events (acd.event-stream-max-len default); approximate trimming. */
  static final long EVENTS_MAX_LEN = 100_000;

  private final Context context;
  private final RedisConnections redis;
  private final String tenant;
  private final String nodeId;

  CallDtmf(Context context, RedisConnections redis, String tenant, String nodeId) {
    this.context = context;
    this.redis = redis;
    this.tenant = tenant;
    this.nodeId = nodeId;
  }

  /**
   * The media listener of one call: digits are handed to {@link #onDigit} on the call layer's context; every valid
   * packet goes to the call's {@link Bridge} at once, on the receive thread (it relays only while bridged).
   */
  SessionListener listener(InboundCall call) {
    return new SessionListener() {
      @Override
      public void onDtmf(DtmfDigit digit) {
        context.runOnContext(v -> onDigit(call, digit));
      }

      @Override
      public void onRtpPacket(RtpPacket packet) {
        Bridge b = call.bridge;
        if (b != null) {
          b.fromCaller(packet);
        }
      }
    };
  }

  /** Records and forwards one digit; completes when both are done (failures are logged, not raised). */
  Future<Void> onDigit(InboundCall call, DtmfDigit d) {
    if (call.state == InboundCall.State.SETUP || call.ended()) {
      return Future.succeededFuture(); // no call in the ACD to attach the event to
    }
    String digit = String.valueOf(d.digit());
    String agent = call.agentId;
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("type", "call.dtmf");
    fields.put("ts", String.valueOf(System.currentTimeMillis()));
    fields.put("node", nodeId);
    fields.put("callId", call.callId);
    fields.put("queue", call.queue);
    fields.put("digit", digit);
    fields.put("durationMs", String.valueOf(d.durationMillis()));
    if (agent != null) {
      fields.put("agentId", agent);
    }
    LOG.info("call.dtmf call={} digit={} durationMs={}", call.callId, digit, d.durationMillis());
    Future<String> logged = Lua.toVertx(redis.commands().xadd(Keys.events(tenant),
        XAddArgs.Builder.maxlen(EVENTS_MAX_LEN).approximateTrimming(), fields), context);
    Future<?> forwarded = agent == null ? Future.succeededFuture() : forward(call.callId, agent, digit);
    return Future.join(logged, forwarded)
        .onFailure(e -> LOG.warn("call.dtmf-failed call={} why={}", call.callId, e.toString())).mapEmpty();
  }

  private Future<Long> forward(String callId, String agent, String digit) {
    JsonObject msg = new JsonObject().put("type", "call.dtmf").put("callId", callId).put("digit", digit);
    String agentKey = Keys.tenant(tenant) + ":acd:agent:" + agent;
    return Lua.toVertx(redis.commands().hget(agentKey, "node"), context).compose(node -> node == null || node.isEmpty()
        ? Future.succeededFuture(0L)
        : Lua.toVertx(redis.commands().publish(Keys.nodeChannel(node),
            NodeBus.envelope(tenant, agent, msg).encode()), context));
  }
}
