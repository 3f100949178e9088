package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import java.util.List;

/** {@code switchboard_skill}: {@code /api/v1/skills {"id","name","description"}}. */
public final class SkillResource extends ResourceType {
  public SkillResource() {
    super("skill", "skills", "A skill agents have (at a level 1-5) and queues require.", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
        Attr.string("description").optional().check(Check.maxLength(Rules.DESCRIPTION_MAX))));
  }
}
