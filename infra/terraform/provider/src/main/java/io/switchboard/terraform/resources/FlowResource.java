package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Type;
import java.util.List;

/**
 * {@code switchboard_flow}: {@code /api/v1/flows}; what a call to a number runs before its queue. Each node is one
 * element of {@code nodes} with the attributes of its type (the others left out); the server checks the graph as a
 * whole (targets exist, every node reachable, every node leads to a queue or a hang-up) and names the node in its
 * error, which Terraform shows at apply.
 */
public final class FlowResource extends ResourceType {
  static final List<String> TYPES = List.of("play", "menu", "language", "hours", "set", "webhook", "queue",
      "callback", "voicemail", "transfer", "hangup");
  /** A shipped phrase or a prompt of the tenant's own: whether one of its own exists is checked at apply. */
  static final Check PROMPT = Check.matches("[a-z0-9][a-z0-9-]{0,63}",
      "must be a prompt's name: a shipped phrase (welcome, closed, goodbye, ...) or one of the tenant's own");

  public FlowResource() {
    super("flow", "flows", "What a call to a number runs before its queue: greetings, menus on the caller's keys, "
        + "language, business hours, priority and skills; it ends in a queue, a transfer to a number or a hang-up.",
        List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
        Attr.string("description").optional().check(Check.maxLength(Rules.DESCRIPTION_MAX)),
        Attr.string("start").required().check(Rules.ID).describe("Id of the first node."),
        Attr.objectList("nodes", Block.of(
                Attr.string("id").required().check(Rules.ID),
                Attr.string("type").required().check(Check.oneOf(TYPES)).describe(String.join(", ", TYPES) + "."),
                Attr.string("prompt").optional().check(PROMPT)
                    .describe("play, menu (required), hangup (optional): a shipped phrase or a prompt of the "
                        + "tenant's own, uploaded first (PUT /api/v1/prompts/{language}/{name})."),
                Attr.string("next").optional().check(Rules.ID).describe("play, language, set: the node after."),
                Attr.of("options", Type.map(Type.STRING)).optional().eachElement(Rules.ID)
                    .eachKey(Check.matches("[0-9*#]", "must be one key: 0-9, * or #"))
                    .describe("menu: a key to the node it leads to."),
                Attr.string("fallback").optional().check(Rules.ID)
                    .describe("menu: where a caller goes after the retries (not the menu itself); webhook: where "
                        + "the call goes without a usable answer."),
                Attr.number("timeout_seconds").optionalComputed().check(Check.range(1, 60))
                    .describe("menu: how long it waits for a key after the prompt. Default 5. transfer: how long "
                        + "the number may ring (5-60; default the node's dial.no-answer-seconds)."),
                Attr.number("retries").optionalComputed().check(Check.range(0, 5))
                    .describe("menu: how many times it asks again. Default 2."),
                Attr.string("invalid_prompt").optional().check(PROMPT)
                    .describe("menu: said before asking again."),
                Attr.string("language").optional().check(Rules.LANGUAGE).describe("language: the call's language."),
                Attr.string("business_hours").optional().check(Rules.ID).describe("hours: business hours id."),
                Attr.string("open").optional().check(Rules.ID).describe("hours: the node while open."),
                Attr.string("closed").optional().check(Rules.ID).describe("hours: the node while closed."),
                Attr.string("holiday").optional().check(Rules.ID)
                    .describe("hours: the node on a holiday (else closed)."),
                Attr.number("priority").optional().check(Check.range(0, 100)).describe("set: the call's priority."),
                Attr.of("skills", Type.map(Type.NUMBER)).optionalComputed().eachKey(Rules.ID)
                    .eachElement(Rules.LEVEL).describe("set: skill id to minimum level (1-5)."),
                Attr.string("url").optional().check(Check.maxLength(2048))
                    .describe("webhook: absolute https URL the call's details are POSTed to."),
                Attr.number("timeout_ms").optionalComputed().check(Check.range(100, 10_000))
                    .describe("webhook: how long the node waits for the answer. Default 3000."),
                Attr.of("branches", Type.map(Type.STRING)).optional().eachElement(Rules.ID)
                    .eachKey(Check.matches("[a-z0-9_-]{1,32}", "must be 1 to 32 of a-z 0-9 _ -"))
                    .describe("webhook: the answer's branch name ({\"branch\": \"vip\"}) to a node."),
                Attr.string("queue").optional().check(Rules.ID).describe("queue, callback, voicemail: the queue the "
                    + "flow ends in (callback: the caller is asked for its callback number at once; voicemail: the "
                    + "caller's message waits there for an agent)."),
                Attr.number("max_seconds").optional().check(Check.range(5, 600))
                    .describe("voicemail: the longest message in seconds (default: the node's setting)."),
                Attr.string("number").optional().check(Rules.E164)
                    .describe("transfer: the E.164 number the caller is connected to (the dial policy must allow "
                        + "it)."),
                Attr.string("trunk").optional().check(Rules.ID)
                    .describe("transfer: the trunk the call goes out on (default: the dial policy's)."),
                Attr.string("failed").optional().check(Rules.ID)
                    .describe("transfer: the node when the number is busy, does not answer or is refused (none: "
                        + "a goodbye and hang-up).")))
            .required().check(Check.minItems(1), Check.maxItems(100)).describe("The flow's steps.")));
  }
}
