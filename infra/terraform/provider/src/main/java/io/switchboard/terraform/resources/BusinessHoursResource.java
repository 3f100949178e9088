package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.AttrPath;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Diags;
import io.switchboard.terraform.schema.Type;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** {@code switchboard_business_hours}: {@code /api/v1/business-hours}; weekly opening intervals plus holidays. */
public final class BusinessHoursResource extends ResourceType {
  static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  public BusinessHoursResource() {
    super("business_hours", "business-hours", "Opening hours a queue follows; closed outside them and on holidays.",
        List.of(
            Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
            Attr.string("timezone").required().check(BusinessHoursResource::zone)
                .describe("IANA time zone of the times, e.g. Europe/London."),
            // day/open/close are required (checked in validateObject) but declared optional+computed: Terraform
            // keeps an unconfigured optional+computed nested value only when all of its parts are computed.
            Attr.objectList("weekly", Block.of(
                    Attr.string("day").optionalComputed().check(Check.oneOf(DAYS)),
                    Attr.string("open").optionalComputed()
                        .check(Check.matches("([01][0-9]|2[0-3]):[0-5][0-9]", "must be a time HH:MM from 00:00 to 23:59")),
                    Attr.string("close").optionalComputed()
                        .check(Check.matches("([01][0-9]|2[0-3]):[0-5][0-9]|24:00",
                            "must be a time HH:MM from 00:01 to 24:00"))))
                .optionalComputed().describe("Opening intervals; close must be after open."),
            Attr.of("holidays", Type.set(Type.STRING)).optionalComputed()
                .eachElement(BusinessHoursResource::date).describe("Dates (YYYY-MM-DD) closed all day."),
            Attr.objectList("special_days", Block.of(
                    Attr.string("date").optionalComputed().check(BusinessHoursResource::date),
                    Attr.string("open").optionalComputed()
                        .check(Check.matches("([01][0-9]|2[0-3]):[0-5][0-9]", "must be a time HH:MM from 00:00 to 23:59")),
                    Attr.string("close").optionalComputed()
                        .check(Check.matches("([01][0-9]|2[0-3]):[0-5][0-9]|24:00",
                            "must be a time HH:MM from 00:01 to 24:00"))))
                .optionalComputed().describe("Dates with their own opening intervals instead of the weekly ones "
                    + "(e.g. a short Christmas Eve); close must be after open; a date may not also be a holiday.")));
  }

  private static String zone(Object v) {
    try {
      ZoneId.of((String) v);
      return null;
    } catch (DateTimeException e) {
      return "is not a known time zone (e.g. Europe/London, UTC), got \"" + v + "\"";
    }
  }

  private static String date(Object v) {
    try {
      LocalDate.parse((String) v);
      return ((String) v).length() == 10 ? null : "must be a date YYYY-MM-DD, got \"" + v + "\"";
    } catch (DateTimeException e) {
      return "must be a date YYYY-MM-DD, got \"" + v + "\"";
    }
  }

  @Override
  protected void validateObject(Map<String, Object> config, Diags diags) {
    slots(config, "weekly", List.of("day", "open", "close"), diags);
    slots(config, "special_days", List.of("date", "open", "close"), diags);
  }

  /** Every part of each interval of list {@code name} is required, and close must be after open. */
  private static void slots(Map<String, Object> config, String name, List<String> parts, Diags diags) {
    if (!(config.get(name) instanceof List<?> list)) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof Map<?, ?> given) {
        for (String part : parts) {
          if (given.containsKey(part) && given.get(part) == null) {
            AttrPath p = AttrPath.ROOT.attr(name).index(i).attr(part);
            diags.error(p, "Missing value for " + p, p + " is required in every interval of " + name);
          }
        }
      }
      if (list.get(i) instanceof Map<?, ?> slot && slot.get("open") instanceof String open
          && slot.get("close") instanceof String close && open.length() == 5 && close.length() == 5
          && open.compareTo(close) >= 0) {
        AttrPath p = AttrPath.ROOT.attr(name).index(i).attr("close");
        diags.error(p, "Invalid value for " + p, p + " must be after open (" + open + "), got \"" + close + "\"");
      }
    }
  }
}
