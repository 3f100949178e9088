package io.switchboard.api;

import io.switchboard.media.audio.Prompts;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Before a flow is written: every prompt of the tenant's own that it names must have been uploaded (in some
 * language). The directory checks everything else in a flow, but the tenant's prompts live in PostgreSQL, so this
 * check sits in front of it, reading the names every node holds in memory. A body that is not a JSON object passes
 * through: the directory's own parsing answers it.
 *
 * <p>Threading: event loop; never blocks.
 */
final class FlowPromptCheck implements Handler<RoutingContext> {
  private static final List<String> PROMPT_FIELDS = List.of("prompt", "invalidPrompt");

  private final Function<String, Set<String>> ownPrompts;

  /** @param ownPrompts a tenant's own prompt names */
  FlowPromptCheck(Function<String, Set<String>> ownPrompts) {
    this.ownPrompts = ownPrompts;
  }

  @Override
  public void handle(RoutingContext rc) {
    JsonObject body;
    try {
      body = rc.body().asJsonObject();
    } catch (RuntimeException e) {
      rc.next();
      return;
    }
    List<Problem.FieldError> errors = missing(body, ownPrompts.apply(Principals.of(rc).tenant()));
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    rc.next();
  }

  /** A prompt field of a flow's node that names a prompt of the tenant's own. */
  private record Use(String field, Object node, String name) {}

  /** The prompt fields of {@code flow} that name a prompt of the tenant's own it has not uploaded. */
  static List<Problem.FieldError> missing(JsonObject flow, Set<String> own) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Use u : uses(flow)) {
      if (!own.contains(u.name())) {
        errors.add(new Problem.FieldError(u.field(), "node '" + u.node() + "': the tenant has no prompt '"
            + u.name() + "': upload it first (PUT /api/v1/prompts/{language}/" + u.name() + ")"));
      }
    }
    return errors;
  }

  /** The names of the prompts of the tenant's own that {@code flow} says. */
  static Set<String> ownPromptsOf(JsonObject flow) {
    Set<String> out = new java.util.TreeSet<>();
    uses(flow).forEach(u -> out.add(u.name()));
    return out;
  }

  private static List<Use> uses(JsonObject flow) {
    List<Use> out = new ArrayList<>();
    if (flow == null || !(flow.getValue("nodes") instanceof JsonArray nodes)) {
      return out;
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (!(nodes.getValue(i) instanceof JsonObject node)) {
        continue;
      }
      for (String field : PROMPT_FIELDS) {
        if (node.getValue(field) instanceof String name && !Prompts.PHRASES.contains(name)
            && Prompts.OWN_NAME.matcher(name).matches()) {
          out.add(new Use("nodes." + i + "." + field, node.getValue("id"), name));
        }
      }
    }
    return out;
  }
}
