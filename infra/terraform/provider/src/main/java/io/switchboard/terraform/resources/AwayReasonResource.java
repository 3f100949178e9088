package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import java.util.List;

/** {@code switchboard_away_reason}: {@code /api/v1/away-reasons {"id","label"}}. */
public final class AwayReasonResource extends ResourceType {
  public AwayReasonResource() {
    super("away_reason", "away-reasons", "A reason agents may give for being away (the id is the code the ACD "
        + "stores); a tenant with none offers break, lunch, meeting and training.", List.of(
        Attr.string("label").required().check(Check.notBlank(), Check.maxLength(100))
            .describe("What the softphone's status control and the wallboard show, as written.")));
  }
}
