package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CampaignCalls;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code preview.skip}: the agent skips the campaign preview reserved for it (docs/campaigns.md, "Preview mode"):
 * nothing is dialed, the contact is released by its campaign's rules (offered again after the skip delay) and the
 * agent is available again. Only the agent the preview is reserved for may skip it (the ACD's script checks it too:
 * {@code not-reserved}).
 */
public final class PreviewSkipHandler implements MessageHandler<Inbound.PreviewSkip> {
  private final CallGuard guard;
  private final Supplier<CampaignCalls> campaigns;

  /** @param campaigns the ACD's campaign calls (null while the ACD is not up) */
  public PreviewSkipHandler(Acd acd, Supplier<CampaignCalls> campaigns) {
    this.guard = new CallGuard(acd);
    this.campaigns = campaigns;
  }

  @Override
  public String type() {
    return "preview.skip";
  }

  @Override
  public Class<Inbound.PreviewSkip> messageClass() {
    return Inbound.PreviewSkip.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.PreviewSkip m) {
    CampaignCalls c = campaigns.get();
    if (c == null) {
      return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null, "campaigns are not served here"));
    }
    return guard.ownedBy(session, m.callId())
        .compose(v -> c.skipPreview(session.tenant(), session.agentId(), m.callId(), m.reason()))
        .map(v -> null);
  }
}
