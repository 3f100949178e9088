package io.switchboard.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.directory.BusinessHours;
import io.switchboard.directory.Directory;
import io.switchboard.directory.FlowGraph;
import io.switchboard.directory.Kind;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipUri;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Where an inbound INVITE goes: its source must be an enabled trunk's allowed address (403 otherwise), its number
 * must map to a queue (404); the queue's document gives the caller's maximum wait. Refusals are {@link Refused} and
 * counted in {@code switchboard.sip.refused}, as are in-dialog requests from outside the call's trunk.
 *
 * <p>Threading: touches no call state; the returned future completes on whatever thread the directory answers on
 * (the caller hops it to its loop). Thread-safe.
 */
final class InboundRouting {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InboundRouting.class);
  /**
   * The queue, how long this node lets the caller wait there (0: no limit) and the region the call entered,
   * for the ACD's region preference: the trunk's {@code region} when its document has one, else null (the
   * caller then uses its node's region, see {@link #callRegion}); the trunk's allowed sources (for the call's
   * in-dialog requests); {@code requireSrtp} when the trunk's {@code mediaEncryption} is {@code sdes} (a plain
   * RTP offer is then refused); the trunk's id with its maxConcurrentCalls (null: none), which
   * {@link TrunkLimits} holds it to; the queue's business hours (null: always open), read once per call; and the
   * queue's language (null: none), which the caller's prompts are said in; its after-hours rule ({@code goodbye} or
   * {@code voicemail}, null without a queue). A number that runs a flow has no queue
   * yet ({@code queue}, {@code hours}, {@code language} null, {@code maxWaitMs} 0) and its {@code flow}; the flow's
   * queue node fills them in later ({@link #queue}).
   */
  record Route(String queue, long maxWaitMs, String trunkRegion, List<String> trunkSources, boolean requireSrtp,
      String trunkId, Integer maxConcurrentCalls, BusinessHours hours, String language, FlowGraph flow,
      String afterHours) {
    Route(String queue, long maxWaitMs, String trunkRegion) {
      this(queue, maxWaitMs, trunkRegion, List.of(), false, null, null, null, null, null, null);
    }

    /** The call's region: the trunk's when set (a carrier's trunk lands in one region), else the node's. */
    String callRegion(String nodeRegion) {
      return trunkRegion != null && !trunkRegion.isEmpty() ? trunkRegion : nodeRegion;
    }
  }

  private final Directory directory;
  private final MeterRegistry meters;
  private final String tenant;

  InboundRouting(Directory directory, MeterRegistry meters, String tenant) {
    this.directory = directory;
    this.meters = meters;
    this.tenant = tenant;
  }

  Future<Route> route(SipRequest invite, String sourceIp) {
    return directory.list(tenant, Kind.TRUNK, null, Directory.MAX_PAGE)
        .compose(page -> {
          JsonObject trunk = TrunkSources.trunkFor(page.items(), sourceIp);
          if (trunk == null) {
            return this.<Route>refuse(403, "Forbidden: unknown source", "unknown-source");
          }
          Route base = new Route(null, 0, trunk.getString("region"), TrunkSources.sources(trunk),
              "sdes".equals(trunk.getString("mediaEncryption")), trunk.getString("id"),
              trunk.getInteger("maxConcurrentCalls"), null, null, null, null);
          return lookupNumber(invite).compose(number -> number.getString("flow") != null
              ? flow(base, number.getString("flow")) : queue(base, number.getString("queue")));
        });
  }

  /**
   * {@code base} with a queue's part: its maximum wait, business hours and language (read once per call). A chat
   * queue takes no calls (its channel changed after the number or flow was pointed at it): 480, counted as
   * {@code chat-queue}.
   */
  Future<Route> queue(Route base, String queue) {
    return directory.get(tenant, Kind.QUEUE, queue).compose(doc -> doc.isPresent()
        && "chat".equals(doc.get().getString("channel"))
        ? refuse(480, "Temporarily Unavailable: chat queue", "chat-queue")
        : hours(doc.orElse(null)).map(hours ->
        new Route(queue, maxWaitMillis(doc.orElse(null)), base.trunkRegion(), base.trunkSources(),
            base.requireSrtp(), base.trunkId(), base.maxConcurrentCalls(), hours,
            doc.map(d -> d.getString("language")).orElse(null), null,
            doc.map(d -> d.getString("afterHours")).orElse(null))));
  }

  /** {@code base} with the number's flow, read once per call: a flow changed meanwhile does not change this call. */
  private Future<Route> flow(Route base, String flowId) {
    return directory.get(tenant, Kind.FLOW, flowId).compose(doc -> doc.isEmpty()
        ? refuse(404, "Not Found", "unknown-flow")
        : Future.succeededFuture(new Route(null, 0, base.trunkRegion(), base.trunkSources(), base.requireSrtp(),
            base.trunkId(), base.maxConcurrentCalls(), null, null, FlowGraph.of(doc.get()), null)));
  }

  /** A flow's business hours (null when the document is gone or does not parse: then they count as open). */
  Future<BusinessHours> businessHours(String id) {
    return hours(new JsonObject().put("id", "flow").put("businessHours", id));
  }

  /**
   * The queue's business hours (its {@code businessHours} document through the hours engine), or null when it has
   * none. A document that is gone or does not parse leaves the queue open (logged): the directory validated it on
   * write, so this is a half-deleted reference, and refusing calls over it would be worse than taking them.
   */
  private Future<BusinessHours> hours(JsonObject queueDoc) {
    String id = queueDoc == null ? null : queueDoc.getString("businessHours");
    if (id == null || id.isEmpty()) {
      return Future.succeededFuture();
    }
    return directory.get(tenant, Kind.BUSINESS_HOURS, id).map(doc -> {
      if (doc.isEmpty()) {
        LOG.warn("call.hours-missing queue={} businessHours={}", queueDoc.getString("id"), id);
        return null;
      }
      try {
        return BusinessHours.of(doc.get());
      } catch (IllegalArgumentException e) {
        LOG.warn("call.hours-unreadable queue={} businessHours={} why={}", queueDoc.getString("id"), id, e.toString());
        return null;
      }
    });
  }

  /**
   * Whether an in-dialog request from {@code ip} may touch {@code call} ({@link InboundCall#fromTrunk}); when not, it
   * is logged and counted ({@code switchboard.sip.refused}, reason in-dialog-source). Event loop only.
   */
  boolean fromTrunk(InboundCall call, SipRequest request, String ip) {
    if (call.fromTrunk(ip)) {
      return true;
    }
    LOG.warn("call.in-dialog-refused call={} method={} source={}", call.callId, request.method(), ip);
    count("in-dialog-source");
    return false;
  }

  /**
   * How long this node lets the caller wait before the goodbye: the queue's maxWaitSeconds, or 0 (none) when
   * it has none or has an overflowQueue (the ACD's sweep moves those calls itself).
   */
  static long maxWaitMillis(JsonObject queueDoc) {
    if (queueDoc == null || queueDoc.getString("overflowQueue") != null) {
      return 0;
    }
    return Math.max(0, queueDoc.getInteger("maxWaitSeconds", 0)) * 1000L;
  }

  /** The phone number's document (it names a queue or a flow); 404 for a number the tenant does not have. */
  private Future<JsonObject> lookupNumber(SipRequest r) {
    Optional<String> number = r.sipUri().flatMap(SipUri::user).map(InboundRouting::e164Digits);
    if (number.isEmpty() || number.get().isEmpty()) {
      return refuse(404, "Not Found", "unknown-number");
    }
    return directory.get(tenant, Kind.PHONE_NUMBER, number.get()).compose(o -> o
        .map(Future::succeededFuture)
        .orElseGet(() -> refuse(404, "Not Found", "unknown-number")));
  }

  /** "+1 (555) 0100" / "15550100" / "+15550100;phone-context=x" → "15550100" (digits only). */
  static String e164Digits(String user) {
    int semi = user.indexOf(';');
    String u = semi < 0 ? user : user.substring(0, semi);
    return u.replaceAll("[^0-9]", "");
  }

  private <T> Future<T> refuse(int status, String reason, String why) {
    count(why);
    return Future.failedFuture(new Refused(status, reason));
  }

  private void count(String why) {
    Counter.builder("switchboard.sip.refused").tag("reason", why)
        .description("inbound requests refused by call control").register(meters).increment();
  }
}
