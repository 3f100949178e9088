package io.switchboard.directory;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Teams: {@code {"id","name","description","leader","manager","chatCapacity","chatsDuringCall",
 * "emailCapacity","emailsDuringCall","goals"}}; goals as
 * in {@link Goals#people}. {@code leader} and {@code manager} are agent ids (optional): the superiors a case of one of
 * the team's agents is escalated to, the leader first, then the manager (docs/cases.md). The chat counts (null when
 * unset) apply to the team's agents without their own (acd-chat.lua: the agent's, then the team's, then chat.*), and
 * so do the e-mail counts (then email.*).
 */
final class TeamSchema implements Schema {
  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    String leader = in.string("leader", false, 64, Rules.ID, Rules.ID_RULE);
    String manager = in.string("manager", false, 64, Rules.ID, Rules.ID_RULE);
    Integer chatCapacity = AgentSchema.optionalCount(in, "chatCapacity");
    Integer chatsDuringCall = AgentSchema.optionalCount(in, "chatsDuringCall");
    Integer emailCapacity = AgentSchema.optionalCount(in, "emailCapacity");
    Integer emailsDuringCall = AgentSchema.optionalCount(in, "emailsDuringCall");
    JsonObject goals = Goals.people(in);
    JsonObject doc = new JsonObject().put("id", id).put("name", name).put("description", description)
        .put("leader", leader).put("manager", manager).put("chatCapacity", chatCapacity)
        .put("chatsDuringCall", chatsDuringCall).put("emailCapacity", emailCapacity)
        .put("emailsDuringCall", emailsDuringCall).put("goals", goals);
    List<Ref> refs = new ArrayList<>();
    if (leader != null) {
      refs.add(new Ref(Kind.AGENT, leader, "leader"));
    }
    if (manager != null) {
      refs.add(new Ref(Kind.AGENT, manager, "manager"));
    }
    return new Normalized(id, doc, refs, null, null);
  }
}
