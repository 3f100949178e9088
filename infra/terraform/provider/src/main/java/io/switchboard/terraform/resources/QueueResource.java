package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.AttrPath;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Diags;
import io.switchboard.terraform.schema.Type;
import java.util.List;
import java.util.Map;

/** {@code switchboard_queue}: {@code /api/v1/queues}; attributes left out take the server's defaults. */
public final class QueueResource extends ResourceType {
  static final List<String> STRATEGIES = List.of("longest-idle", "round-robin", "fewest-calls", "least-talk-time");
  static final List<String> RECORDING = List.of("none", "all", "on-demand");
  static final List<String> CASE_OFFER_ORDERS = List.of("priority", "due", "off");

  public QueueResource() {
    super("queue", "queues", "A call queue: calls wait here until the ACD offers them to a matching agent.", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
        Attr.string("channel").optionalComputed().check(Check.oneOf(List.of("voice", "chat", "email")))
            .describe("What the queue's work items are: voice (calls), chat (customers' chats from the website "
                + "widget; docs/chat.md) or email (messages polled from the queue's mailbox; docs/email.md). "
                + "Default voice."),
        mailbox(),
        Attr.of("widget_origins", Type.list(Type.STRING)).optionalComputed().check(Check.maxItems(20))
            .describe("Chat queues only: the web origins (scheme://host[:port], lower case, no default port, no "
                + "trailing slash) whose pages may start chats in this queue with the chat widget."),
        Attr.string("closed_message").optional().check(Check.maxLength(1000))
            .describe("Chat queues only: what the widget shows outside the queue's business hours (no chat "
                + "starts); unset: the widget's own words."),
        Attr.number("priority").optionalComputed().check(Check.range(0, 100))
            .describe("0-100; calls in higher-priority queues are offered first. Default 0."),
        Attr.string("strategy").optionalComputed().check(Check.oneOf(STRATEGIES))
            .describe("Agent selection: " + String.join(", ", STRATEGIES) + ". Default longest-idle."),
        // Nested parts are optional+computed too: Terraform only keeps an unconfigured optional+computed nested
        // value from the prior state when everything inside it is computed (else it plans it away every time).
        Attr.object("service_level", Block.of(
                Attr.number("percent").optionalComputed().check(Check.range(1, 100)).describe("Default 80."),
                Attr.number("seconds").optionalComputed().check(Check.range(1, 3600)).describe("Default 20.")))
            .optionalComputed().describe("The service-level goal: percent of calls answered within seconds (answered "
                + "in target is counted against these seconds). Default 80% in 20 s."),
        Attr.number("max_wait_seconds").optionalComputed().check(Check.range(0, 86_400))
            .describe("After this long a call overflows (or is dropped). Default 600."),
        Attr.string("overflow_queue").optional().check(Rules.ID).describe("Queue id calls overflow to."),
        Attr.number("wrap_up_seconds").optionalComputed().check(Check.range(0, 3600)).describe("Default 30."),
        Attr.number("no_answer_seconds").optionalComputed().check(Check.range(5, 300))
            .describe("How long an offered call rings an agent. Default 20."),
        Attr.of("required_skills", Type.map(Type.NUMBER)).optionalComputed()
            .eachKey(Rules.ID).eachElement(Rules.LEVEL).describe("Skill id to minimum level (1-5)."),
        Attr.string("language").optional().check(Rules.LANGUAGE),
        Attr.string("business_hours").optional().check(Rules.ID).describe("Business hours id; closed outside them."),
        Attr.string("after_hours").optionalComputed().check(Check.oneOf(List.of("goodbye", "voicemail", "callback")))
            .describe("What callers get while the business hours are closed: goodbye (a closed announcement, then "
                + "the call ends), voicemail (they leave a message for an agent) or callback (they are offered a "
                + "callback that keeps their place, dialed once the queue opens). Default goodbye."),
        Attr.number("region_widening_seconds").optionalComputed().check(Check.range(0, 3600))
            .describe("How long a call is offered only to agents of its own region (and agents without one) "
                + "before agents of every region may take it; 0 = no region preference. Default 5."),
        Attr.string("recording").optionalComputed().check(Check.oneOf(RECORDING))
            .describe("Call recording: none, all (every connected call) or on-demand (when the agent starts it). "
                + "Default none."),
        Attr.object("callback", Block.of(
                Attr.string("key").required().check(Check.matches("[0-9]", "must be one digit, 0 to 9"))
                    .describe("The digit a waiting caller presses to be called back."),
                Attr.number("attempts").optional().check(Check.range(1, 10))
                    .describe("Times the number is dialed in all; unset: the node's callbacks.attempts."),
                Attr.number("retry_delay_seconds").optional().check(Check.range(1, 86_400))
                    .describe("After a failed attempt, seconds before the call is offered again at its place; "
                        + "unset: the node's callbacks.retry-delay-seconds.")))
            .optional().describe("Callbacks that keep the caller's place (docs/callbacks.md); unset: none."),
        Attr.objectList("dispositions", Block.of(
                Attr.string("code").required().check(Rules.ID).describe("What the wrap-up records."),
                Attr.string("label").required().check(Check.notBlank(), Check.maxLength(100))
                    .describe("What the agent sees, as written.")))
            .optional().check(Check.minItems(1), Check.maxItems(50))
            .describe("What agents pick from at wrap-up, in order; a wrap-up must end with one of the codes. "
                + "Unset: the softphone's own five, any accepted."),
        Attr.string("outbound_caller_id").optional().check(Rules.E164)
            .describe("The caller ID of calls agents dial for this queue and of its callbacks: one of the tenant's "
                + "phone numbers. Unset: the dial policy's default_caller_id."),
        Attr.string("case_offer_order").optional().check(Check.oneOf(CASE_OFFER_ORDERS))
            .describe("How the queue's backlog of cases is offered to its free agents: priority (most urgent first, "
                + "then the earliest due), due (the earliest due first) or off (not offered; agents take cases "
                + "through the API). Unset: the node's cases.offer-order."),
        Goals.queue()));
  }

  /** An e-mail queue's mailbox (docs/email.md); the passwords are sensitive and write-only, as a trunk's. */
  private static Attr mailbox() {
    List<String> security = List.of("tls", "starttls", "none");
    return Attr.object("mailbox", Block.of(
            Attr.string("imap_host").required().check(Check.notBlank(), Check.maxLength(253)),
            Attr.number("imap_port").optionalComputed().check(Check.range(1, 65_535)).describe("Default 993."),
            Attr.string("imap_security").optionalComputed().check(Check.oneOf(security))
                .describe("tls (IMAPS), starttls or none. Default tls."),
            Attr.string("user").required().check(Check.notBlank(), Check.maxLength(254))
                .describe("IMAP user (and SMTP's unless smtp_user)."),
            Attr.string("password").optional().writeOnly().check(Check.maxLength(500), Check.notBlank())
                .describe("Sensitive, write-only: never read back. Required when the server has none stored."),
            Attr.string("folder").optionalComputed().check(Check.maxLength(200)).describe("Default INBOX."),
            Attr.number("poll_seconds").optionalComputed().check(Check.range(1, 3600)).describe("Default 30."),
            Attr.string("smtp_host").required().check(Check.notBlank(), Check.maxLength(253)),
            Attr.number("smtp_port").optionalComputed().check(Check.range(1, 65_535)).describe("Default 587."),
            Attr.string("smtp_security").optionalComputed().check(Check.oneOf(security))
                .describe("starttls, tls (SMTPS) or none. Default starttls."),
            Attr.string("smtp_user").optional().check(Check.maxLength(254)).describe("Unset: user."),
            Attr.string("smtp_password").optional().writeOnly().check(Check.maxLength(500), Check.notBlank())
                .describe("Sensitive, write-only; unset: password. Sent only with password."),
            Attr.string("from_address").required().check(Check.maxLength(254))
                .describe("The From of agents' replies.")))
        .optional().describe("E-mail queues only (required there): the IMAP mailbox polled for new messages and "
            + "the SMTP server replies leave through (docs/email.md).");
  }

  @Override
  protected void validateObject(Map<String, Object> config, Diags diags) {
    Object id = config.get("id");
    if (id instanceof String s && s.equals(config.get("overflow_queue"))) {
      diags.error(AttrPath.ROOT.attr("overflow_queue"), "Invalid value for overflow_queue",
          "overflow_queue must not be the queue itself");
    }
  }
}
