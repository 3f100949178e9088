package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Check;
import java.util.List;

/**
 * {@code switchboard_scorecard}: {@code /api/v1/scorecards}, a quality scorecard (docs/quality.md). Sections and
 * their questions are nested object lists; the server checks what spans them (section weights summing to 100,
 * question ids unique in the scorecard, scale_max only and always on scale questions) and names the field in its
 * error ({@code sections.1.questions.0.weight}), which Terraform shows at apply. Editing a scorecard never changes
 * past evaluations: each keeps the version it was made with.
 */
public final class ScorecardResource extends ResourceType {
  public ScorecardResource() {
    super("scorecard", "scorecards", "A quality scorecard: weighted sections of yes/no and scale questions that "
        + "supervisors score interactions with; a critical question failed fails the whole evaluation.", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
        Attr.string("description").optional().check(Check.maxLength(Rules.DESCRIPTION_MAX)),
        Attr.objectList("sections", Block.of(
                Attr.string("title").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
                Attr.number("weight").required().check(Check.range(1, 100))
                    .describe("Percent of the score; the sections' weights sum to 100."),
                Attr.objectList("questions", Block.of(
                        Attr.string("id").required().check(Rules.ID)
                            .describe("Unique in the scorecard; answers name it."),
                        Attr.string("text").required().check(Check.notBlank(), Check.maxLength(500)),
                        Attr.string("type").required().check(Check.oneOf(List.of("yes-no", "scale"))),
                        Attr.number("scale_max").optional().check(Check.range(2, 10))
                            .describe("Scale questions only (required there): answers are 1 to scale_max."),
                        Attr.number("weight").required().check(Check.range(1, 100))
                            .describe("Relative to the other questions of its section."),
                        Attr.bool("critical").optionalComputed()
                            .describe("Answered no (or 1 on a scale): the evaluation fails. Default false."),
                        Attr.bool("allow_na").optionalComputed()
                            .describe("May be answered N/A, left out of the score. Default false.")))
                    .required().check(Check.minItems(1), Check.maxItems(50))))
            .required().check(Check.minItems(1), Check.maxItems(20))));
  }
}
