package io.switchboard.directory;

import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Agents (every user is an agent; roles decide what it may do). Stored document, in this order:
 * {@code id, username, displayName, email, roles, skills, languages, team, region, queues, enabled,
 * chatCapacity, chatsDuringCall, emailCapacity, emailsDuringCall, goals} (the chat counts null: the reference
 * config's chat.capacity and chat.during-call; the e-mail counts null: email.capacity and email.during-call)
 * (goals as in {@link Goals#people}).
 * {@code password} is write-only: it is checked here, hashed by the directory and kept apart in
 * {@code sb:{t}:cred:<id>}.
 */
final class AgentSchema implements Schema {
  static final int MAX_LIST = 100;
  /** The most chats an agent may hold (acd-chat.lua reads chatCapacity and chatsDuringCall; null: chat.*). */
  static final int MAX_CHATS = 20;

  @Override
  public Normalized normalize(String id, Fields in) {
    String username = in.string("username", true, 64, Rules.USERNAME, Rules.USERNAME_RULE);
    String displayName = in.string("displayName", false, Rules.NAME_MAX, null, null);
    String email = in.string("email", false, 254, Rules.EMAIL, Rules.EMAIL_RULE);
    List<String> roles = roles(in);
    Map<String, Integer> skills = in.levels("skills", Rules.ID, 1, 5);
    List<String> languages = in.strings("languages", MAX_LIST, 10, Rules.LANGUAGE, Rules.LANGUAGE_RULE);
    String team = in.string("team", false, 64, Rules.ID, Rules.ID_RULE);
    String region = in.string("region", false, 64, Rules.REGION, Rules.REGION_RULE);
    List<String> queues = in.strings("queues", MAX_LIST, 64, Rules.ID, Rules.ID_RULE);
    boolean enabled = in.bool("enabled", true);
    Integer chatCapacity = optionalCount(in, "chatCapacity");
    Integer chatsDuringCall = optionalCount(in, "chatsDuringCall");
    Integer emailCapacity = optionalCount(in, "emailCapacity");
    Integer emailsDuringCall = optionalCount(in, "emailsDuringCall");
    JsonObject goals = Goals.people(in);
    String password = password(in);

    List<Ref> refs = new ArrayList<>();
    skills.keySet().forEach(s -> refs.add(new Ref(Kind.SKILL, s, "skills." + s)));
    if (team != null) {
      refs.add(new Ref(Kind.TEAM, team, "team"));
    }
    for (int i = 0; i < queues.size(); i++) {
      refs.add(new Ref(Kind.QUEUE, queues.get(i), "queues." + i));
    }
    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("username", username)
        .put("displayName", displayName != null ? displayName : username)
        .put("email", email)
        .put("roles", new JsonArray(new ArrayList<>(roles)))
        .put("skills", new JsonObject(new java.util.LinkedHashMap<>(skills)))
        .put("languages", new JsonArray(new ArrayList<>(languages)))
        .put("team", team)
        .put("region", region)
        .put("queues", new JsonArray(new ArrayList<>(queues)))
        .put("enabled", enabled)
        .put("chatCapacity", chatCapacity)
        .put("chatsDuringCall", chatsDuringCall)
        .put("emailCapacity", emailCapacity)
        .put("emailsDuringCall", emailsDuringCall)
        .put("goals", goals);
    return new Normalized(id, doc, refs, username, password);
  }

  /** A chat count 0..{@link #MAX_CHATS}, or null when absent (or null): the reference config's then. */
  static Integer optionalCount(Fields in, String field) {
    return in.raw(field) == null ? null : in.integer(field, 0, MAX_CHATS, 0);
  }

  /** Roles default to ["agent"] when absent; an empty list is an error (a user that may do nothing). */
  private static List<String> roles(Fields in) {
    boolean absent = in.raw("roles") == null;
    List<String> roles = in.strings("roles", Role.values().length, 20, null, null);
    if (absent) {
      return List.of(Role.AGENT.wire());
    }
    for (int i = 0; i < roles.size(); i++) {
      if (Role.fromWire(roles.get(i)).isEmpty()) {
        in.error("roles." + i, "must be one of " + Role.wireList());
      }
    }
    if (roles.isEmpty() && in.noErrorUnder("roles")) {
      in.error("roles", "must name at least one role");
    }
    return roles;
  }

  private static String password(Fields in) {
    Object v = in.raw("password");
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      in.error("password", "must be a string");
      return null;
    }
    String weakness = PasswordHasher.weakness(s);
    if (weakness != null) {
      in.error("password", weakness);
      return null;
    }
    return s;
  }
}
