package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Type;
import java.util.List;

/**
 * {@code switchboard_agent}: {@code /api/v1/agents}. {@code password} is write-only on the API: Terraform keeps
 * the configured value (sensitive) in state and sends it on every write; the server keeps the hash when unchanged.
 */
public final class AgentResource extends ResourceType {
  static final List<String> ROLES = List.of("agent", "supervisor", "team-leader", "manager", "admin");

  /** The server's password rule (bcrypt reads at most 72 bytes). Never echoes the value: it is secret. */
  private static String passwordProblem(Object v) {
    String s = (String) v;
    if (s.length() < 8) {
      return "must be at least 8 characters";
    }
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72 ? "must be at most 72 bytes" : null;
  }

  public AgentResource() {
    super("agent", "agents", "A user: an agent, a supervisor, a team leader, a manager or an admin (roles decide what it"
        + " may do).", List.of(
        Attr.string("username").required()
            .check(Check.matches("[a-z0-9._-]{1,64}", "must be 1 to 64 of a-z 0-9 . _ -")),
        Attr.string("display_name").optionalComputed().check(Check.maxLength(Rules.NAME_MAX))
            .describe("Default: the username."),
        Attr.string("email").optional()
            .check(Check.maxLength(254), Check.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+", "must be an e-mail address")),
        Attr.string("password").optional().writeOnly().check(AgentResource::passwordProblem)
            .describe("Login password (sensitive). Never read back: changes made outside Terraform are not detected."),
        Attr.of("roles", Type.set(Type.STRING)).optionalComputed()
            .check(Check.minItems(1), Check.maxItems(ROLES.size())).eachElement(Check.oneOf(ROLES))
            .describe("Any of " + String.join(", ", ROLES) + ". Default [\"agent\"]."),
        Attr.of("skills", Type.map(Type.NUMBER)).optionalComputed()
            .eachKey(Rules.ID).eachElement(Rules.LEVEL).describe("Skill id to level (1-5)."),
        Attr.of("languages", Type.list(Type.STRING)).optionalComputed()
            .check(Check.maxItems(100)).eachElement(Rules.LANGUAGE),
        Attr.string("team").optional().check(Rules.ID).describe("Team id."),
        Attr.string("region").optional().check(Rules.REGION),
        Attr.of("queues", Type.set(Type.STRING)).optionalComputed()
            .check(Check.maxItems(100)).eachElement(Rules.ID).describe("Ids of the queues the agent serves."),
        Attr.bool("enabled").optionalComputed().describe("A disabled agent cannot log in. Default true."),
        Attr.number("chat_capacity").optional().check(Check.range(0, 20))
            .describe("Chats the agent may hold at once while no call holds it; unset: the node's chat.capacity."),
        Attr.number("chats_during_call").optional().check(Check.range(0, 20))
            .describe("Chats the agent may hold while on a call (with more it is offered no call); unset: the "
                + "node's chat.during-call. 3 and 0: 1 call or up to 3 chats; 1 and 1: 1 call and 1 chat."),
        Attr.number("email_capacity").optional().check(Check.range(0, 20))
            .describe("E-mail conversations the agent may hold at once while no call holds it, counted apart from "
                + "its chats; unset: its team's, else the node's email.capacity."),
        Attr.number("emails_during_call").optional().check(Check.range(0, 20))
            .describe("E-mail conversations the agent may hold while on a call (with more it is offered no call); "
                + "unset: its team's, else the node's email.during-call."),
        Goals.people("The agent's own goals; they take precedence over its team's.")));
  }
}
