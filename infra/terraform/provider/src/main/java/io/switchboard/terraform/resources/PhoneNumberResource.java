package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.AttrPath;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Diags;
import io.switchboard.terraform.value.Unknown;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard_phone_number}: {@code /api/v1/phone-numbers}. The id is derived by the server from the
 * number (E.164 without the '+'), so it is computed, known at plan, and a new number replaces the object.
 */
public final class PhoneNumberResource extends ResourceType {
  public PhoneNumberResource() {
    super("phone_number", "phone-numbers", "A phone number (DID) and the queue its inbound calls go to, or the flow "
        + "they run.", List.of(
        Attr.string("number").required().replaces().check(Rules.E164).describe("E.164, e.g. +15550100."),
        Attr.string("queue").optional().check(Rules.ID)
            .describe("Queue id inbound calls are routed to (exactly one of queue and flow)."),
        Attr.string("flow").optional().check(Rules.ID)
            .describe("Flow id inbound calls run (exactly one of queue and flow)."),
        Attr.string("description").optional().check(Check.maxLength(Rules.DESCRIPTION_MAX))));
  }

  @Override
  protected void validateObject(Map<String, Object> config, Diags diags) {
    boolean queue = config.get("queue") != null;
    boolean flow = config.get("flow") != null;
    if (queue == flow && !(config.get("queue") instanceof io.switchboard.terraform.value.Unknown)
        && !(config.get("flow") instanceof io.switchboard.terraform.value.Unknown)) {
      diags.error(AttrPath.ROOT.attr("queue"), "Invalid attribute combination",
          "a number goes to a queue or runs a flow: set exactly one of queue and flow");
    }
  }

  @Override
  protected Attr idAttribute() {
    return Attr.string("id").computed().check(Rules.ID).describe("The number without its '+'.");
  }

  @Override
  protected Object plannedId(Map<String, Object> planned) {
    return planned.get("number") instanceof String n && n.startsWith("+") ? n.substring(1) : Unknown.VALUE;
  }
}
