package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import java.util.List;

/**
 * {@code switchboard_team}: {@code /api/v1/teams {"id","name","description","leader","manager","chatCapacity",
 * "chatsDuringCall","emailCapacity","emailsDuringCall","goals"}}.
 */
public final class TeamResource extends ResourceType {
  public TeamResource() {
    super("team", "teams", "A team of agents (for supervisors and reporting).", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
        Attr.string("description").optional().check(Check.maxLength(Rules.DESCRIPTION_MAX)),
        Attr.string("leader").optional().check(ResourceType.ID)
            .describe("An agent id: the first superior a case of one of the team's agents is escalated to."),
        Attr.string("manager").optional().check(ResourceType.ID)
            .describe("An agent id: the superior above the leader."),
        Attr.number("chat_capacity").optional().check(Check.range(0, 20))
            .describe("Chats each agent of the team may hold at once while no call holds it, for agents without "
                + "their own chat_capacity; unset: the node's chat.capacity."),
        Attr.number("chats_during_call").optional().check(Check.range(0, 20))
            .describe("Chats each agent of the team may hold while on a call, for agents without their own "
                + "chats_during_call; unset: the node's chat.during-call."),
        Attr.number("email_capacity").optional().check(Check.range(0, 20))
            .describe("E-mail conversations each agent of the team may hold at once while no call holds it (counted "
                + "apart from chats), for agents without their own email_capacity; unset: the node's email.capacity."),
        Attr.number("emails_during_call").optional().check(Check.range(0, 20))
            .describe("E-mail conversations each agent of the team may hold while on a call, for agents without "
                + "their own emails_during_call; unset: the node's email.during-call."),
        Goals.people("On a team, the goals of each of its agents (an agent's own goals take precedence).")));
  }
}
