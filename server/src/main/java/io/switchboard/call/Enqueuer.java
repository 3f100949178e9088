package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdException;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.Enqueued;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an answered call in the ACD, retrying while Redis cannot be reached (a Sentinel failover takes a few
 * seconds): the caller hears music meanwhile, so a call that arrives during a failover waits instead of being hung
 * up. A refusal of the ACD itself (unknown queue, ...) is final. An attempt whose reply was lost may have landed:
 * when a retry then finds the call id in use, the call is in the ACD, at a place this node does not know (see
 * {@link Enqueued#score()}: null).
 *
 * <p>Threading: call and complete on {@code context} (the SIP event loop).
 */
final class Enqueuer {
  private static final Logger LOG = LoggerFactory.getLogger(Enqueuer.class);
  static final long RETRY_DELAY_MS = 500;

  private final Context context;
  private final Acd acd;
  private final String tenant;
  private final long retryForMs;

  /** @param retryForMs how long to keep retrying after the first failure (ms) */
  Enqueuer(Context context, Acd acd, String tenant, long retryForMs) {
    this.context = context;
    this.acd = acd;
    this.tenant = tenant;
    this.retryForMs = retryForMs;
  }

  /** @param wanted false once the caller has gone: no more attempts */
  Future<Enqueued> enqueue(CallSpec spec, BooleanSupplier wanted) {
    Promise<Enqueued> done = Promise.promise();
    attempt(spec, wanted, System.nanoTime() + retryForMs * 1_000_000, false, done);
    return done.future();
  }

  private void attempt(CallSpec spec, BooleanSupplier wanted, long deadline, boolean retried,
      Promise<Enqueued> done) {
    acd.enqueue(tenant, spec).onComplete(ar -> context.runOnContext(v -> {
      if (ar.succeeded()) {
        done.complete(ar.result());
        return;
      }
      Throwable e = ar.cause();
      if (e instanceof AcdException a) {
        if (retried && "invalid-argument".equals(a.code()) && a.getMessage().contains("already in use")) {
          LOG.info("call.enqueue-landed call={} why=reply-lost", spec.callId());
          done.complete(new Enqueued(spec.callId(), null, null, 0));
        } else {
          done.fail(e);
        }
        return;
      }
      if (!wanted.getAsBoolean() || System.nanoTime() > deadline) {
        done.fail(e);
        return;
      }
      LOG.warn("call.enqueue-retry call={} why={}", spec.callId(), e.toString());
      context.owner().setTimer(RETRY_DELAY_MS, t -> attempt(spec, wanted, deadline, true, done));
    }));
  }
}
