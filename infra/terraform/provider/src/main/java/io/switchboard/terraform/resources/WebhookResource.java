package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Type;
import java.util.List;

/**
 * {@code switchboard_webhook}: {@code /api/v1/webhooks}, where the tenant's events are POSTed, signed. {@code secret}
 * is write-only on the API, like a trunk's digest password: Terraform keeps the configured value (sensitive) in
 * state and sends it on every write. Which event types exist is the server's to say (a wrong one fails the apply
 * with the list); the plan checks their shape only.
 */
public final class WebhookResource extends ResourceType {
  public WebhookResource() {
    super("webhook", "webhooks", "A webhook: the URL a CRM listens on, the event types it wants and the key its "
        + "requests are signed with (Standard Webhooks).", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
        Attr.string("description").optional().check(Check.maxLength(Rules.DESCRIPTION_MAX)),
        Attr.string("url").required().check(Check.maxLength(2048),
                Check.matches("(?i)https?://[^\\s#@/]+(/[^\\s#]*)?", "must be an http(s) URL without credentials "
                    + "or fragment"))
            .describe("Where events are POSTed. https to a public address unless the node allows otherwise "
                + "(webhooks.allow-insecure)."),
        Attr.of("events", Type.set(Type.STRING)).required().check(Check.minItems(1))
            .eachElement(Check.matches("[a-z][a-z.-]*|\\*", "must be an event type such as call.ended, or *"))
            .describe("Event types to deliver (docs/webhooks.md), or [\"*\"] for all."),
        Attr.string("secret").optional().writeOnly()
            .check(Check.matches("whsec_[A-Za-z0-9+/]+={0,2}", "must be whsec_ followed by base64"))
            .describe("Sensitive, write-only: the signing key, whsec_ then the base64 of 24 to 64 random bytes. "
                + "Required when the server has none stored."),
        Attr.bool("enabled").optionalComputed().describe("A disabled webhook gets nothing; its pending deliveries "
            + "wait. Default true.")));
  }
}
