package io.switchboard.directory;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Phone numbers {@code {"id","number","queue" or "flow","description"}}: a call to the number goes straight into the
 * queue, or runs the flow (greetings, menus, hours; docs/flows.md). The id is the E.164 number without its '+'
 * ({@code +15550100} → {@code 15550100}), so a number can exist only once per tenant and the id is URL-safe.
 */
final class PhoneNumberSchema implements Schema {
  @Override
  public boolean derivesId() {
    return true;
  }

  @Override
  public Normalized normalize(String id, Fields in) {
    String number = in.string("number", true, 16, Rules.E164, Rules.E164_RULE);
    String queue = in.string("queue", false, 64, Rules.ID, Rules.ID_RULE);
    String flow = in.string("flow", false, 64, Rules.ID, Rules.ID_RULE);
    if ((queue == null) == (flow == null) && in.errors().isEmpty()) {
      in.error("queue", "a number goes to a queue or runs a flow: set exactly one of queue and flow");
    }
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    String derived = number == null ? id : idOf(number);
    if (number != null && id != null && !id.equals(derived)) {
      in.error("number", "does not match the id '" + id + "' (the id is the number without '+': " + derived + ")");
    }
    JsonObject doc = new JsonObject()
        .put("id", derived)
        .put("number", number)
        .put("queue", queue)
        .put("flow", flow)
        .put("description", description);
    List<Ref> refs = queue != null ? List.of(new Ref(Kind.QUEUE, queue, "queue"))
        : flow != null ? List.of(new Ref(Kind.FLOW, flow, "flow")) : List.of();
    return new Normalized(derived, doc, refs, null, null);
  }

  /** The id of an E.164 number. */
  static String idOf(String e164) {
    return Kind.phoneNumberId(e164);
  }
}
