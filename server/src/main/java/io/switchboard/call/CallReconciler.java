package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.Enqueued;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the ACD agree with the calls this node holds ({@link Acd#reconcile}): this node is the source of truth for
 * the calls whose SIP legs it holds. Run when Redis may have lost writes (a new master after a Sentinel failover)
 * and when the survivors took this node for dead while it was only paused or cut off; the calls the ACD ended
 * meanwhile (counted lost) are hung up here, since the ACD will never connect them.
 *
 * <p>Threading: {@link #reconcile} on the SIP event loop, like every call change.
 */
final class CallReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(CallReconciler.class);

  private final Acd acd;
  private final String tenant;
  private final String nodeId;
  /** Calls of this node held elsewhere than in InboundCalls (answered predictive calls), added as they are. */
  private volatile java.util.function.Supplier<List<Acd.HeldCall>> others = List::of;

  CallReconciler(Acd acd, String tenant, String nodeId) {
    this.acd = acd;
    this.tenant = tenant;
    this.nodeId = nodeId;
  }

  /** Adds {@code held}'s calls (as given) to every reconciliation: the ACD must not drop them. */
  void alsoHeld(java.util.function.Supplier<List<Acd.HeldCall>> held) {
    this.others = held;
  }

  /** {@code calls}: this node's calls now; {@code hangUp} ends one the ACD has ended. */
  Future<Acd.Reconciled> reconcile(Collection<InboundCall> calls, java.util.function.Consumer<InboundCall> hangUp) {
    List<InboundCall> live = new ArrayList<>();
    List<Acd.HeldCall> held = new ArrayList<>();
    for (InboundCall c : calls) {
      Acd.HeldCall h = held(c);
      if (h != null) {
        live.add(c);
        held.add(h);
      }
    }
    held.addAll(others.get());
    return acd.reconcile(tenant, nodeId, held).onSuccess(r -> {
      LOG.info("call.reconciled node={} calls={} restored={} fixed={} dropped={} hangUp={}", nodeId, held.size(),
          r.restored(), r.fixed(), r.dropped(), r.hangUp().size());
      for (InboundCall c : live) {
        if (r.hangUp().contains(c.callId)) {
          hangUp.accept(c);
        }
      }
    });
  }

  /** The call as the ACD should hold it; null for one that never reached the ACD or has ended here. */
  private Acd.HeldCall held(InboundCall c) {
    CallSpec spec = c.spec;
    if (spec == null || c.state == InboundCall.State.ENDED || c.state == InboundCall.State.IN_FLOW
        || c.state == InboundCall.State.VOICEMAIL || c.state == InboundCall.State.TRANSFERRED) {
      return null;  // IN_FLOW, VOICEMAIL, TRANSFERRED: its flow, message or transfer runs here; never in the ACD
    }
    Future<Enqueued> enq = c.enqueued;
    boolean pending = enq == null || !enq.succeeded() || c.state == InboundCall.State.LEAVING;
    Enqueued e = enq != null && enq.succeeded() ? enq.result() : new Enqueued(c.callId, null);
    boolean connected = c.state == InboundCall.State.CONNECTED && c.agentId != null;
    // the queue may have changed since (transfer); the caller and region have not
    return new Acd.HeldCall(c.callId, c.queue, e.score(), e.enqueuedAtMs(), spec.caller(), spec.callerName(),
        spec.region(), connected, connected ? c.agentId : null, pending);
  }
}
