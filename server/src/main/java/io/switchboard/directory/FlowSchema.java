package io.switchboard.directory;

import io.switchboard.media.audio.Prompts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flows {@code {"id","name","start","nodes":[{"id","type",...}]}} (the node kinds: {@link FlowGraph}). Besides each
 * field, the graph is checked as a whole, every error naming the node: the start and every target must be nodes,
 * every node must be reachable from the start, and from every node some path must end in a queue or a hang-up.
 * Queues, business hours and a transfer's trunk are references (they must exist, and cannot be deleted while a flow
 * names them);
 * prompts are phrases the node ships ({@link Prompts#PHRASES}; a tenant may record its own for each) or prompts of the
 * tenant's own (whether those exist is the API's check: they are kept in PostgreSQL, not in the directory).
 */
final class FlowSchema implements Schema {
  static final int MAX_NODES = 100;
  private static final Pattern DIGIT = Pattern.compile("[0-9*#]");
  private static final Pattern BRANCH = Pattern.compile("[a-z0-9_-]{1,32}");
  static final int URL_MAX = 2048;
  /** How long a transfer node lets the number ring (s); absent: the node's dial.no-answer-seconds. */
  static final int TRANSFER_TIMEOUT_MIN = 5;
  static final int TRANSFER_TIMEOUT_MAX = 60;
  private static final String PROMPT_RULE = "must be a shipped phrase (" + String.join(", ", Prompts.PHRASES)
      + ") or the name of a prompt of the tenant's own (1 to 64 of a-z 0-9 -)";

  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    String start = in.string("start", true, 64, Rules.ID, Rules.ID_RULE);
    List<Fields> raw = in.objects("nodes", MAX_NODES);
    if (raw.isEmpty() && in.errors().isEmpty()) {
      in.error("nodes", "must have at least one node");
    }
    Map<String, JsonObject> nodes = new LinkedHashMap<>();
    List<Ref> refs = new ArrayList<>();
    Map<String, String> pathOf = new LinkedHashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      JsonObject n = node(raw.get(i), refs, "nodes." + i);
      String nodeId = n.getString("id");
      if (nodeId == null) {
        continue;
      }
      if (nodes.containsKey(nodeId)) {
        raw.get(i).error("id", "node '" + nodeId + "' is defined twice");
        continue;
      }
      nodes.put(nodeId, n);
      pathOf.put(nodeId, "nodes." + i);
    }
    JsonObject doc = new JsonObject().put("id", id).put("name", name).put("description", description)
        .put("start", start).put("nodes", new JsonArray(new ArrayList<>(nodes.values())));
    if (in.errors().isEmpty()) {
      checkGraph(in, doc, nodes, pathOf);
    }
    return new Normalized(id, doc, refs, null, null);
  }

  /** One node's fields by its type; unknown fields for the type are errors (finish). */
  private static JsonObject node(Fields f, List<Ref> refs, String path) {
    String nodeId = f.string("id", true, 64, Rules.ID, Rules.ID_RULE);
    String typeName = f.string("type", true, 16, null, null);
    FlowGraph.Type type = typeName == null ? null : FlowGraph.Type.of(typeName);
    JsonObject n = new JsonObject().put("id", nodeId).put("type", typeName);
    if (typeName != null && type == null) {
      f.error("type", "node '" + nodeId + "': unknown type '" + typeName + "' (play, menu, language, hours, set, "
          + "webhook, queue, callback, voicemail, transfer, hangup)");
      return n;
    }
    if (type == null) {
      return n;
    }
    String where = "node '" + nodeId + "': ";
    switch (type) {
      case PLAY -> n.put("prompt", prompt(f, "prompt", true)).put("next", target(f, "next"));
      case MENU -> {
        n.put("prompt", prompt(f, "prompt", true));
        JsonObject options = targets(f, "options", DIGIT, where + "an option is one key: 0-9, * or #",
            where + "a menu needs options (a digit to a node)");
        n.put("options", options).put("fallback", target(f, "fallback"))
            .put("timeoutSeconds", f.integer("timeoutSeconds", 1, 60, 5))
            .put("retries", f.integer("retries", 0, 5, 2))
            .put("invalidPrompt", prompt(f, "invalidPrompt", false));
      }
      case LANGUAGE -> n.put("language", f.string("language", true, 10, Rules.LANGUAGE, Rules.LANGUAGE_RULE))
          .put("next", target(f, "next"));
      case HOURS -> {
        String hours = f.string("businessHours", true, 64, Rules.ID, Rules.ID_RULE);
        if (hours != null) {
          refs.add(new Ref(Kind.BUSINESS_HOURS, hours, path + ".businessHours"));
        }
        n.put("businessHours", hours).put("open", target(f, "open")).put("closed", target(f, "closed"))
            .put("holiday", f.string("holiday", false, 64, Rules.ID, Rules.ID_RULE));
      }
      case SET -> {
        Integer priority = f.optionalInteger("priority", 0, 100);
        Map<String, Integer> skills = f.levels("skills", Rules.ID, 1, 5);
        if (priority == null && skills.isEmpty()) {
          f.error("priority", where + "a set node sets a priority, skills or both");
        }
        n.put("priority", priority).put("skills", new JsonObject(new LinkedHashMap<>(skills)))
            .put("next", target(f, "next"));
      }
      case WEBHOOK -> {
        JsonObject branches = targets(f, "branches", BRANCH, where + "a branch name is 1 to 32 of a-z 0-9 _ -",
            where + "a webhook needs branches (an answer's branch name to a node)");
        n.put("url", url(f, where)).put("timeoutMs", f.integer("timeoutMs", 100, 10_000, 3000))
            .put("branches", branches).put("fallback", target(f, "fallback"));
      }
      case QUEUE, CALLBACK -> {
        String queue = f.string("queue", true, 64, Rules.ID, Rules.ID_RULE);
        if (queue != null) {
          refs.add(new Ref(Kind.QUEUE, queue, path + ".queue"));
        }
        n.put("queue", queue);
      }
      case VOICEMAIL -> {
        String queue = f.string("queue", true, 64, Rules.ID, Rules.ID_RULE);
        if (queue != null) {
          refs.add(new Ref(Kind.QUEUE, queue, path + ".queue"));
        }
        n.put("queue", queue);
        Integer max = f.optionalInteger("maxSeconds", 5, 600);
        if (max != null) {
          n.put("maxSeconds", max);
        }
      }
      case TRANSFER -> {
        n.put("number", f.string("number", true, 16, Rules.E164, where + Rules.E164_RULE));
        String trunk = f.string("trunk", false, 64, Rules.ID, Rules.ID_RULE);
        if (trunk != null) {
          refs.add(new Ref(Kind.TRUNK, trunk, path + ".trunk"));
          n.put("trunk", trunk);
        }
        Integer timeout = f.optionalInteger("timeoutSeconds", TRANSFER_TIMEOUT_MIN, TRANSFER_TIMEOUT_MAX);
        if (timeout != null) {
          n.put("timeoutSeconds", timeout);
        }
        String failed = f.string("failed", false, 64, Rules.ID, Rules.ID_RULE);
        if (failed != null) {
          n.put("failed", failed);
        }
      }
      case HANGUP -> n.put("prompt", prompt(f, "prompt", false));
    }
    return n;
  }

  /** An absolute http(s) URL; whether plain http and private addresses are called is the node's setting. */
  private static String url(Fields f, String where) {
    String url = f.string("url", true, URL_MAX, null, null);
    if (url == null) {
      return null;
    }
    try {
      java.net.URI u = new java.net.URI(url);
      if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
        f.error("url", where + "must be an absolute https:// URL");
        return null;
      }
    } catch (java.net.URISyntaxException e) {
      f.error("url", where + "is not a URL (" + e.getReason() + ")");
      return null;
    }
    return url;
  }

  /** An object of keys (each matching {@code key}, else {@code badKey}) to node ids; {@code missing} when absent. */
  private static JsonObject targets(Fields f, String name, Pattern key, String badKey, String missing) {
    JsonObject out = new JsonObject();
    Fields o = f.object(name);
    if (o == null) {
      f.error(name, missing);
      return out;
    }
    for (String k : o.keys()) {
      if (!key.matcher(k).matches()) {
        o.error(k, badKey);
      }
      out.put(k, o.string(k, true, 64, Rules.ID, Rules.ID_RULE));
    }
    return out;
  }

  private static String target(Fields f, String name) {
    return f.string(name, true, 64, Rules.ID, Rules.ID_RULE);
  }

  private static String prompt(Fields f, String name, boolean required) {
    String p = f.string(name, required, 64, null, null);
    if (p != null && !Prompts.PHRASES.contains(p) && !Prompts.OWN_NAME.matcher(p).matches()) {
      f.error(name, PROMPT_RULE);
      return null;
    }
    return p;
  }

  /** The graph as a whole: targets exist, everything is reachable, every node has a way out. */
  private static void checkGraph(Fields in, JsonObject doc, Map<String, JsonObject> nodes, Map<String, String> pathOf) {
    String start = doc.getString("start");
    if (!nodes.containsKey(start)) {
      in.error("start", "'" + start + "' is not a node of this flow");
      return;
    }
    FlowGraph graph = FlowGraph.of(doc);
    boolean targetsOk = true;
    for (String nodeId : nodes.keySet()) {
      FlowGraph.Node n = graph.node(nodeId);
      for (String t : n.targets()) {
        if (!nodes.containsKey(t)) {
          in.errors().add(new Violation(pathOf.get(nodeId), "node '" + nodeId + "' goes to '" + t
              + "', which is not a node of this flow"));
          targetsOk = false;
        }
      }
      if (n.type() == FlowGraph.Type.MENU && nodeId.equals(n.fallback())) {
        in.errors().add(new Violation(pathOf.get(nodeId) + ".fallback", "node '" + nodeId
            + "': a menu's fallback cannot be the menu itself (a caller who presses nothing would never leave)"));
      }
      if (n.type() == FlowGraph.Type.TRANSFER && nodeId.equals(n.failed())) {
        in.errors().add(new Violation(pathOf.get(nodeId) + ".failed", "node '" + nodeId
            + "': a transfer's failed branch cannot be the transfer itself (a busy number would be called forever)"));
      }
    }
    if (!targetsOk) {
      return;
    }
    Set<String> reachable = graph.reachable();
    for (String nodeId : nodes.keySet()) {
      if (!reachable.contains(nodeId)) {
        in.errors().add(new Violation(pathOf.get(nodeId), "node '" + nodeId + "' cannot be reached from the start '"
            + start + "'"));
      }
    }
    for (String nodeId : graph.withoutExit()) {
      in.errors().add(new Violation(pathOf.get(nodeId), "node '" + nodeId + "' never leads to a queue or a hang-up "
          + "(a loop without an exit)"));
    }
  }
}
