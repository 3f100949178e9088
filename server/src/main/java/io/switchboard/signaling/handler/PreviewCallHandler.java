package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CallStatus;
import io.switchboard.acd.CampaignCalls;
import io.switchboard.auth.Role;
import io.switchboard.campaigns.CallingHours;
import io.switchboard.dial.DialRefused;
import io.switchboard.dial.Dialer;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * {@code preview.call}: the agent calls the contact of the campaign preview reserved for it (docs/campaigns.md,
 * "Preview mode"). The same path as a progressive campaign call's accept ({@link Dialer#callBack}: the ACD is told
 * the agent accepted, the dial planner checks the number — dial policy, the tenant's and the campaign's do-not-call
 * lists, caller ID, trunk — then the number is dialed and rings back to the agent), with two checks first: the offer
 * must be a preview ({@code invalid-field callId} otherwise), and the contact's calling hours, judged now in its zone,
 * must be open (else the preview is skipped with reason {@code calling-hours}, so the contact is offered again
 * later, and the agent is told {@code outside-calling-hours}). A number the planner refuses (listed do-not-call since
 * the preview was offered) is never dialed: the attempt ends in the ACD with that outcome and the agent is told the
 * planner's code ({@code do-not-call}, ...).
 */
public final class PreviewCallHandler implements MessageHandler<Inbound.PreviewCall> {
  /** The agent's reply when the contact's calling hours closed while it looked at the preview. */
  public static final String OUTSIDE_CALLING_HOURS = "outside-calling-hours";

  private final Acd acd;
  private final CallGuard guard;
  private final Supplier<Dialer> dialer;
  private final Supplier<CampaignCalls> campaigns;
  private final String nodeId;
  private final Clock clock;

  /** @param dialer this node's dialer (null while it has no SIP side); campaigns: null while the ACD is not up */
  public PreviewCallHandler(Acd acd, Supplier<Dialer> dialer, Supplier<CampaignCalls> campaigns, String nodeId,
      Clock clock) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
    this.dialer = dialer;
    this.campaigns = campaigns;
    this.nodeId = nodeId;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "preview.call";
  }

  @Override
  public Class<Inbound.PreviewCall> messageClass() {
    return Inbound.PreviewCall.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.PreviewCall m) {
    String tenant = session.tenant();
    return guard.ownedBy(session, m.callId())
        .compose(v -> acd.call(tenant, m.callId()))
        .compose(st -> {
          if (st.preview() == null || st.callback() == null) {
            return Future.failedFuture(SignalingError.invalid("callId", "call " + m.callId()
                + " is not a campaign preview (call.accept answers calls)"));
          }
          if (!hoursOpen(new JsonObject(st.preview()))) {
            CampaignCalls c = campaigns.get();
            Future<Void> skip = c == null ? Future.succeededFuture()
                : c.skipPreview(tenant, session.agentId(), m.callId(), "calling-hours");
            return skip.transform(ar -> Future.failedFuture(new SignalingError(OUTSIDE_CALLING_HOURS, "callId",
                "the contact's calling hours are closed now: nothing was dialed, the contact is offered again later")));
          }
          return dial(session, m.callId(), st);
        })
        .map(v -> null);
  }

  private Future<Void> dial(Session session, String callId, CallStatus st) {
    Dialer d = dialer.get();
    if (d == null) {
      return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null,
          "this node places no calls: a preview cannot be called from here"));
    }
    String tenant = session.tenant();
    return d.callBack(tenant, session.agentId(), nodeId,
            new Dialer.Callback(callId, st.callback(), st.queue(), st.callerId(), true),
            () -> acd.accept(tenant, session.agentId(), callId))
        .recover(e -> Future.failedFuture(e instanceof DialRefused r
            ? new SignalingError(r.reason(), r.field(), r.getMessage()) : e));
  }

  /** The card's {@code timeZone} and {@code callingHours} (written by the pacer); open when it has none. */
  private boolean hoursOpen(JsonObject card) {
    JsonObject h = card.getJsonObject("callingHours");
    String zone = card.getString("timeZone");
    if (h == null || zone == null) {
      return true;
    }
    try {
      return new CallingHours(LocalTime.parse(h.getString("from")), LocalTime.parse(h.getString("to")))
          .open(clock.instant(), ZoneId.of(zone));
    } catch (DateTimeException | NullPointerException | IllegalArgumentException e) {
      return true; // the pacer judged the hours when it placed the call
    }
  }
}
