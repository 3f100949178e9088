package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Type;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard_dial_policy}: the tenant's one dial policy ({@code /api/v1/dial-policies/default}), which every
 * outbound call (click-to-dial, callbacks, campaigns) passes: where agents may dial, the default caller ID and the
 * trunk. Its id is always {@code default}, so it is written with PUT; destroying it brings back the built-in policy
 * (any number, the premium ranges blocked, no default caller ID).
 */
public final class DialPolicyResource extends ResourceType {
  private static final Check PREFIX = Check.matches("\\+[1-9][0-9]{0,14}", "must be an E.164 prefix such as +44");

  public DialPolicyResource() {
    super("dial_policy", "dial-policies", "The tenant's dial policy: where agents may dial, the default caller ID "
        + "and the trunk outbound calls use.", List.of(
        Attr.string("default_country").optional().check(Check.matches("[A-Z]{2}", "must be an ISO 3166 country code "
            + "such as GB")).describe("For numbers written without a country code; unset: they must have one."),
        Attr.of("allowed_prefixes", Type.list(Type.STRING)).optionalComputed().check(Check.maxItems(1000))
            .eachElement(PREFIX).describe("E.164 prefixes that may be dialed; empty: all."),
        Attr.of("blocked_prefixes", Type.list(Type.STRING)).optional().check(Check.maxItems(1000))
            .eachElement(PREFIX).describe("Never dialed, whatever else allows them; unset: the built-in premium "
                + "ranges; []: nothing blocked."),
        Attr.string("default_caller_id").optional().check(Rules.E164)
            .describe("Caller ID of calls whose queue or campaign has none: one of the tenant's phone numbers."),
        Attr.string("trunk").optional().check(Rules.ID)
            .describe("Trunk outbound calls use; unset: the first enabled trunk by id.")));
  }

  @Override
  protected Attr idAttribute() {
    return Attr.string("id").computed().describe("Always \"default\": a tenant has one dial policy.");
  }

  @Override
  protected Object plannedId(Map<String, Object> planned) {
    return "default";
  }

  @Override
  protected boolean createdWithPut() {
    return true;
  }
}
