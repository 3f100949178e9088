package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.campaigns.CallbackTimes;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code wrapup.done}: the agent finished its after-call work; it becomes available (or its requested state). With
 * {@code callbackAt} (a campaign call only) the contact is called again exactly then (docs/campaigns.md, "Call-back
 * times"): the time is checked first against the contact's zone and the campaign's calling hours
 * ({@link CallbackTimes}; {@code invalid-field callbackAt} naming what is wrong, nothing changes), then kept on the
 * call by the ACD's wrap-up script for the campaign's pacer.
 */
public final class WrapupDoneHandler implements MessageHandler<Inbound.WrapupDone> {
  /** Where a campaign call's contact lives and when it may be called; empty for a call of no campaign. */
  @FunctionalInterface
  public interface Windows {
    Future<Optional<CallbackTimes.Window>> forCall(String tenant, String callId);
  }

  private final Acd acd;
  private final Supplier<Windows> windows;
  private final Clock clock;

  public WrapupDoneHandler(Acd acd) {
    this(acd, () -> null, Clock.systemUTC());
  }

  /** @param windows null until the store of record is open (a call-back time is refused until then) */
  public WrapupDoneHandler(Acd acd, Supplier<Windows> windows, Clock clock) {
    this.acd = acd;
    this.windows = windows;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "wrapup.done";
  }

  @Override
  public Class<Inbound.WrapupDone> messageClass() {
    return Inbound.WrapupDone.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.WrapupDone m) {
    // No CallGuard here: after a blind transfer the call belongs to the target agent while the transferring
    // agent still wraps it up. Ownership is the agent's own record: the ACD's script accepts only the callId
    // of the caller's wrap-up, atomically.
    Instant at = m.callbackInstant();
    if (at == null) {
      return acd.wrapUpDone(session.tenant(), session.agentId(), m.callId(), m.disposition(), m.notes())
          .map(v -> null);
    }
    Windows w = windows.get();
    if (w == null) {
      return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, "callbackAt",
          "call-back times cannot be kept on this node now: try again, or finish without one"));
    }
    // the agent's own wrap-up first, so nothing of another agent's call (its contact's zone) is read or told
    return acd.agent(session.tenant(), session.agentId()).compose(a -> m.callId().equals(a.callId())
        ? w.forCall(session.tenant(), m.callId())
        : Future.failedFuture(new SignalingError(SignalingError.NOT_YOUR_CALL, "callId",
            "call " + m.callId() + " is not the call this agent is wrapping up"))).compose(window -> {
      if (window.isEmpty()) {
        return Future.failedFuture(SignalingError.invalid("callbackAt", "is for campaign calls only: call "
            + m.callId() + " is not one"));
      }
      String problem = CallbackTimes.problem(at, clock.instant(), window.get());
      if (problem != null) {
        return Future.failedFuture(SignalingError.invalid("callbackAt", problem));
      }
      return acd.wrapUpDone(session.tenant(), session.agentId(), m.callId(), m.disposition(), m.notes(),
          at.toEpochMilli());
    }).map(v -> null);
  }
}
