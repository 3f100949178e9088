package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A flow as a graph: what a call does between being answered and reaching a queue (or hanging up). Parsed from a
 * flow document that {@link FlowSchema} accepted; immutable and thread-safe.
 *
 * <pre>
 *   play ──► next            say a prompt, go on
 *   menu ──► options[digit]  say a prompt, wait for one digit; no digit or a wrong one: invalidPrompt and ask
 *        └─► fallback        again, up to retries times, then fallback
 *   language ──► next        the call's language from now on (prompts, and the agent it needs)
 *   hours ──► open | closed | holiday   by business hours now, in their time zone (holiday: closed all day for a
 *                                       holiday; without a holiday branch, closed)
 *   set ──► next             priority and skills the call will need
 *   webhook ──► branches[answer's branch]   POSTs the call's details to the tenant's URL and goes where its answer
 *           └─► fallback                   says; no answer in time, an error or an unknown branch: fallback
 *   queue                    into a queue (ends the flow)
 *   callback                 into a queue, offering a callback at once (docs/callbacks.md; ends the flow)
 *   voicemail                the caller leaves a message for a queue, which waits there (docs/voicemail.md; ends
 *                            the flow)
 *   transfer ──► failed      calls a number through a trunk and connects the caller to it (ends the flow once
 *                            answered); busy, no answer or refused: failed, else a goodbye and hang-up
 *   hangup                   say a prompt (optional) and hang up (ends the flow)
 * </pre>
 */
public final class FlowGraph {
  /** What a node does. */
  public enum Type {
    PLAY("play"), MENU("menu"), LANGUAGE("language"), HOURS("hours"), SET("set"), WEBHOOK("webhook"), QUEUE("queue"),
    CALLBACK("callback"), VOICEMAIL("voicemail"), TRANSFER("transfer"), HANGUP("hangup");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Type of(String wire) {
      for (Type t : values()) {
        if (t.wire.equals(wire)) {
          return t;
        }
      }
      return null;
    }

    /** True for nodes where a flow may end (a transfer ends it when answered). */
    public boolean terminal() {
      return this == QUEUE || this == CALLBACK || this == VOICEMAIL || this == TRANSFER || this == HANGUP;
    }
  }

  /**
   * One node. Unused fields are null (or empty): {@code next} for play, language, set; {@code options},
   * {@code fallback}, {@code timeoutSeconds}, {@code retries}, {@code invalidPrompt} for menu; {@code open},
   * {@code closed}, {@code holiday}, {@code businessHours} for hours; {@code queue} for queue, callback and voicemail;
   * {@code url}, {@code timeoutMs}, {@code branches} (answer's branch name to node) and {@code fallback} for webhook;
   * {@code maxSeconds} for voicemail (0: the node's voicemail.max-seconds); {@code number} (E.164), {@code trunk}
   * (null: the dial policy's), {@code timeoutSeconds} (0: the node's dial.no-answer-seconds) and {@code failed} (null:
   * a goodbye and hang-up) for transfer.
   */
  public record Node(String id, Type type, String prompt, String next, Map<String, String> options, String fallback,
      int timeoutSeconds, int retries, String invalidPrompt, String language, String businessHours, String open,
      String closed, String holiday, Integer priority, Map<String, Integer> skills, String queue, String url,
      int timeoutMs, Map<String, String> branches, int maxSeconds, String number, String trunk, String failed) {

    /** Every node this one may go to, in a stable order. */
    public List<String> targets() {
      List<String> out = new ArrayList<>();
      for (String t : new String[] {next, fallback, open, closed, holiday, failed}) {
        if (t != null) {
          out.add(t);
        }
      }
      out.addAll(options.values());
      out.addAll(branches.values());
      return out;
    }
  }

  private final String start;
  private final Map<String, Node> nodes;

  FlowGraph(String start, Map<String, Node> nodes) {
    this.start = start;
    this.nodes = Map.copyOf(nodes);
  }

  public String start() {
    return start;
  }

  public Node node(String id) {
    return nodes.get(id);
  }

  /** Parses a stored flow document (already validated). */
  public static FlowGraph of(JsonObject doc) {
    Map<String, Node> nodes = new LinkedHashMap<>();
    JsonArray arr = doc.getJsonArray("nodes");
    for (int i = 0; i < arr.size(); i++) {
      JsonObject n = arr.getJsonObject(i);
      Map<String, String> options = new TreeMap<>();
      JsonObject o = n.getJsonObject("options");
      if (o != null) {
        o.forEach(e -> options.put(e.getKey(), (String) e.getValue()));
      }
      Map<String, String> branches = new TreeMap<>();
      JsonObject b = n.getJsonObject("branches");
      if (b != null) {
        b.forEach(e -> branches.put(e.getKey(), (String) e.getValue()));
      }
      Map<String, Integer> skills = new TreeMap<>();
      JsonObject s = n.getJsonObject("skills");
      if (s != null) {
        s.forEach(e -> skills.put(e.getKey(), ((Number) e.getValue()).intValue()));
      }
      nodes.put(n.getString("id"), new Node(n.getString("id"), Type.of(n.getString("type")), n.getString("prompt"),
          n.getString("next"), options, n.getString("fallback"), n.getInteger("timeoutSeconds", 0),
          n.getInteger("retries", 0), n.getString("invalidPrompt"), n.getString("language"),
          n.getString("businessHours"), n.getString("open"), n.getString("closed"), n.getString("holiday"),
          n.getInteger("priority"), skills, n.getString("queue"), n.getString("url"), n.getInteger("timeoutMs", 0),
          branches, n.getValue("maxSeconds") instanceof Number max ? max.intValue() : 0, n.getString("number"),
          n.getString("trunk"), n.getString("failed")));
    }
    return new FlowGraph(doc.getString("start"), nodes);
  }

  /** The nodes reachable from the start. */
  Set<String> reachable() {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String id = todo.pop();
      Node n = nodes.get(id);
      if (n != null && seen.add(id)) {
        todo.addAll(n.targets());
      }
    }
    return seen;
  }

  /**
   * The nodes from which no path leads to a queue or a hang-up: a caller there would go round forever (a loop with
   * no way out). A menu always has a way out through its fallback after its retries.
   */
  Set<String> withoutExit() {
    Set<String> exits = new HashSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Node n : nodes.values()) {
        if (!exits.contains(n.id()) && (n.type().terminal() || n.targets().stream().anyMatch(exits::contains))) {
          exits.add(n.id());
          grew = true;
        }
      }
    }
    Set<String> out = new java.util.TreeSet<>(nodes.keySet());
    out.removeAll(exits);
    return out;
  }
}
