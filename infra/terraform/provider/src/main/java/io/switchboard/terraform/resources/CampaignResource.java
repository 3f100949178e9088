package io.switchboard.terraform.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.AttrPath;
import io.switchboard.terraform.schema.Diags;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Type;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard_campaign}: {@code /api/v1/campaigns}, what a campaign dials and by which rules. Its status
 * (ready, running, paused, ...) is run through the API's verbs or the wallboard, not Terraform: the resource reads it.
 * The id is the server's (a UUID). The API keeps disposition rules as an object by code; Terraform has them as a list
 * of objects with {@code code} ({@link #toApi} and {@link #fromApi} convert), in the configuration's order.
 */
public final class CampaignResource extends ResourceType {
  private static final Check UUID = Check.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
      "must be a contact list id (a lower-case UUID)");
  private static final Check INSTANT = Check.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z",
      "must be an RFC 3339 time in UTC such as 2027-01-31T09:00:00Z");
  private static final Check HH_MM = Check.matches("([01][0-9]|2[0-3]):[0-5][0-9]", "must be HH:MM (24 h)");

  public CampaignResource() {
    super("campaign", "campaigns", "A campaign: contact lists dialed for the agents of a queue, in the contacts' "
        + "calling hours, with retry rules and its own do-not-call numbers.", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(100)),
        Attr.string("queue").required().check(Rules.ID).describe("The queue whose agents take the campaign's calls."),
        Attr.of("list_ids", Type.list(Type.STRING)).required().check(Check.minItems(1), Check.maxItems(20))
            .eachElement(UUID).describe("Contact lists dialed, e.g. switchboard_contact_list.x.id."),
        Attr.string("mode").optionalComputed()
            .check(Check.oneOf(List.of("progressive", "predictive", "preview")))
            .describe("progressive: one call per free agent; predictive: more calls than free agents, the abandon "
                + "rate held under abandon_cap_percent; preview: the agent sees the contact and calls or skips. "
                + "Default progressive."),
        Attr.object("preview", Block.of(
                Attr.number("timeout_seconds").optional().check(Check.range(1, 3600))
                    .describe("Seconds the agent has to call or skip. None: the server's "
                        + "campaigns.preview.timeout-seconds (120)."),
                Attr.string("on_timeout").optionalComputed().check(Check.oneOf(List.of("skip", "call")))
                    .describe("skip (default): the preview is skipped; call: the agent's softphone calls."),
                Attr.number("skip_delay_seconds").optionalComputed().check(Check.range(1, 7 * 86_400))
                    .describe("A skipped contact is offered again this long after (default 3600).")))
            .optionalComputed().describe("Preview mode: the agent's time to decide and what a skip does."),
        Attr.number("abandon_cap_percent").optional().check(CampaignResource::capPercent)
            .describe("Predictive mode: most abandoned calls, percent of answered calls over 30 days (0 to 3). "
                + "None: the server's default (3)."),
        Attr.string("abandon_prompt").optional()
            .check(Check.matches("[a-z0-9][a-z0-9-]{0,63}", "must name a prompt of the tenant's own (1 to 64 of "
                + "a-z 0-9 -)"))
            .describe("Predictive mode: the tenant's own prompt (uploaded through /api/v1/prompts) an abandoned "
                + "contact hears. None: the campaign-abandon phrase (the tenant's recording of it, else the "
                + "shipped one)."),
        Attr.string("time_zone").optionalComputed().check(Check.maxLength(64))
            .describe("IANA zone for contacts that have none. Default UTC."),
        Attr.object("calling_hours", Block.of(
                Attr.string("from").optionalComputed().check(HH_MM).describe("Default 08:00."),
                Attr.string("to").optionalComputed().check(HH_MM).describe("Default 21:00.")))
            .optionalComputed().describe("When contacts may be called, in each contact's local time."),
        Attr.object("retry", Block.of(
                rule("busy", "a busy line (default every 300 s, 3 attempts)"),
                rule("no_answer", "no answer (default every 3600 s, 3 attempts)"),
                rule("failed", "a failed call (default every 600 s, 2 attempts)"),
                Attr.objectList("dispositions", Block.of(
                        Attr.string("code").required().check(Check.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                            "must be a disposition code")),
                        Attr.number("delay_seconds").required().check(Check.range(1, 7 * 86_400)),
                        Attr.number("max_attempts").required().check(Check.range(1, 20))))
                    .optionalComputed().check(Check.maxItems(20))
                    .describe("Rules by the agent's disposition, one per code, sorted by code.")))
            .optionalComputed().describe("When and how often a contact is tried again, by outcome."),
        Attr.of("do_not_call", Type.set(Type.STRING)).optionalComputed().check(Check.maxItems(10_000))
            .eachElement(Rules.E164).describe("Numbers this campaign never dials (beside the tenant's list)."),
        Attr.object("schedule", Block.of(
                Attr.of("days", Type.set(Type.STRING)).optionalComputed().check(Check.minItems(1))
                    .eachElement(Check.oneOf(List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")))
                    .describe("Days it dials. Default every day."),
                Attr.string("from").optional().check(HH_MM).describe("Daily start, with to; neither: all day."),
                Attr.string("to").optional().check(HH_MM).describe("Daily end (exclusive)."),
                Attr.string("start_at").optional().check(INSTANT).describe("Nothing is dialed before (UTC)."),
                Attr.string("end_at").optional().check(INSTANT).describe("The campaign stops then (UTC).")))
            .optional().describe("When it dials, in time_zone, on top of each contact's calling hours; unset: "
                + "always."),
        Attr.string("caller_id").optional().check(Rules.E164)
            .describe("The caller ID its calls show: one of the tenant's phone numbers. None: the queue's."),
        Attr.string("status").computed().describe("ready, running, paused, stopped or completed (server's)."),
        Attr.string("status_reason").computed().describe("Why it paused or stopped, when the server says.")));
  }

  /** 0 to 3, fractions allowed (2.5). */
  private static String capPercent(Object v) {
    if (!(v instanceof Number n)) {
      return null;
    }
    java.math.BigDecimal d = new java.math.BigDecimal(n.toString());
    return d.signum() < 0 || d.compareTo(java.math.BigDecimal.valueOf(3)) > 0
        ? "must be between 0 and 3, got " + d.toPlainString() : null;
  }

  private static Attr rule(String name, String what) {
    return Attr.object(name, Block.of(
            Attr.number("delay_seconds").optionalComputed().check(Check.range(1, 7 * 86_400)),
            Attr.number("max_attempts").optionalComputed().check(Check.range(1, 20))))
        .optionalComputed().describe("After " + what + ".");
  }

  @Override
  protected void validateObject(Map<String, Object> config, Diags diags) {
    List<String> codes = knownCodes(config);
    if (codes.size() != new java.util.HashSet<>(codes).size()) {
      diags.error(AttrPath.ROOT.attr("retry"), "Invalid value for retry.dispositions",
          "each disposition code may have one rule only");
    }
  }

  @Override
  protected Attr idAttribute() {
    return Attr.string("id").computed().describe("The server's id (a UUID).");
  }

  @Override
  protected ObjectNode toApi(ObjectNode body) {
    JsonNode retry = body.get("retry");
    if (retry instanceof ObjectNode r && r.get("dispositions") != null && r.get("dispositions").isArray()) {
      ObjectNode byCode = JsonNodeFactory.instance.objectNode();
      r.get("dispositions").forEach(d -> {
        ObjectNode rule = ((ObjectNode) d).deepCopy();
        rule.remove("code");
        byCode.set(d.path("code").asText(), rule);
      });
      r.set("dispositions", byCode);
    }
    return body;
  }

  /** Disposition rules in the order Terraform holds them (its plan or state), then any others by code. */
  @Override
  protected JsonNode fromApi(JsonNode node, Map<String, Object> known) {
    if (node instanceof ObjectNode o && o.get("retry") instanceof ObjectNode r
        && r.get("dispositions") instanceof ObjectNode byCode) {
      List<String> codes = new ArrayList<>(knownCodes(known));
      codes.retainAll(iterable(byCode));
      iterable(byCode).stream().sorted().filter(c -> !codes.contains(c)).forEach(codes::add);
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (String c : codes) {
        ObjectNode rule = JsonNodeFactory.instance.objectNode().put("code", c);
        rule.setAll((ObjectNode) byCode.get(c));
        list.add(rule);
      }
      r.set("dispositions", list);
    }
    return node;
  }

  private static List<String> iterable(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> knownCodes(Map<String, Object> known) {
    List<String> codes = new ArrayList<>();
    if (known != null && known.get("retry") instanceof Map<?, ?> retry
        && retry.get("dispositions") instanceof List<?> rules) {
      rules.forEach(x -> {
        if (x instanceof Map<?, ?> m && m.get("code") instanceof String c) {
          codes.add(c);
        }
      });
    }
    return codes;
  }
}
