package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import java.util.List;

/** Every kind the provider serves. Adding a kind: one {@link ResourceType} subclass, listed here. */
public final class Resources {
  private Resources() {}

  public static List<ResourceType> all() {
    return List.of(new SkillResource(), new TeamResource(), new QueueResource(), new AgentResource(),
        new BusinessHoursResource(), new PhoneNumberResource(), new TrunkResource(), new FlowResource(),
        new WebhookResource(), new ContactListResource(), new DoNotCallResource(), new CampaignResource(),
        new DialPolicyResource(), new AwayReasonResource(), new ChatBotResource(), new CannedResponseResource(),
        new ScorecardResource());
  }
}
