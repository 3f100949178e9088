package io.switchboard.terraform.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.value.Unknown;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard_do_not_call}: one number of the tenant's do-not-call list ({@code /api/v1/do-not-call/{number}}),
 * which no path ever dials. The id is the number itself, so the entry is created with PUT at it; a new number
 * replaces the entry. Bulk lists belong in the API's CSV import; this resource is for the numbers a configuration
 * must guarantee (e.g. the company's own lines).
 */
public final class DoNotCallResource extends ResourceType {
  public DoNotCallResource() {
    super("do_not_call", "do-not-call", "A number on the tenant's do-not-call list.", List.of(
        Attr.string("phone").required().replaces().check(Rules.E164).describe("E.164, e.g. +15550100."),
        Attr.string("reason").optional().check(Check.maxLength(200)).describe("Why it may not be called."),
        Attr.string("expires_at").optional()
            .check(Check.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z",
                "must be an RFC 3339 time in UTC, e.g. 2027-01-31T00:00:00Z"))
            .describe("When the entry lapses (RFC 3339, UTC); none: never."),
        Attr.string("added_by").computed().describe("Who added it (the server's).")));
  }

  @Override
  protected Attr idAttribute() {
    return Attr.string("id").computed().describe("The number (E.164).");
  }

  @Override
  protected Object plannedId(Map<String, Object> planned) {
    return planned.get("phone") instanceof String n ? n : Unknown.VALUE;
  }

  @Override
  protected boolean createdWithPut() {
    return true;
  }

  @Override
  protected ObjectNode toApi(ObjectNode body) {
    return body.without(List.of("phone"));
  }

  @Override
  protected com.fasterxml.jackson.databind.JsonNode fromApi(com.fasterxml.jackson.databind.JsonNode node,
      Map<String, Object> known) {
    if (node instanceof ObjectNode o && o.get("phone") != null) {
      o.set("id", o.get("phone")); // the API names the number phone; Terraform's id is the number too
    }
    return node;
  }
}
