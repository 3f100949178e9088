package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Type;
import java.util.List;

/**
 * {@code switchboard_canned_response}: {@code /api/v1/canned-responses {"id","title","text","language","queues"}}
 * (docs/chat.md). The id is the short code agents type after {@code /} in a chat. The server checks the text's
 * placeholders and names {@code text} in its error, which Terraform shows at apply.
 */
public final class CannedResponseResource extends ResourceType {
  public CannedResponseResource() {
    super("canned_response", "canned-responses", "A text agents insert into a chat by its short code (the id) or "
        + "title, with {customer.name}, {customer.email}, {agent.name} and {queue.name} filled from the chat.", List.of(
        Attr.string("title").required().check(Check.notBlank(), Check.maxLength(100))
            .describe("What the agent's picker shows beside the short code."),
        Attr.string("text").required().check(Check.notBlank(), Check.maxLength(2000))
            .describe("Plain text (never markup); placeholders other than the four known ones are refused."),
        Attr.string("language").optional().check(Rules.LANGUAGE)
            .describe("Only for chats in this language (es is for es-MX too); unset: any."),
        Attr.of("queues", Type.set(Type.STRING)).optionalComputed().check(Check.maxItems(50)).eachElement(Rules.ID)
            .describe("Only for chats of these queues, which cannot be deleted while listed; unset or empty: every "
                + "chat queue.")));
  }
}
