package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Type;
import java.util.List;

/**
 * {@code switchboard_chat_bot}: {@code /api/v1/chat-bots}, the bot that answers a chat queue's customers before any
 * agent (docs/chat-bot.md). Intents are nested objects, one per intent, with either {@code answer} or a
 * {@code webhook} step; the server checks the rest (one of the two, queues that exist and no other bot fronts) and
 * names the intent in its error ({@code intents.2.phrases.0}), which Terraform shows at apply. {@code secret} is
 * write-only on the API like a webhook's: Terraform keeps the configured value (sensitive) and sends it on every write.
 */
public final class ChatBotResource extends ResourceType {
  static final Check PHRASE = Check.maxLength(300);
  static final Check TEXT = Check.maxLength(2000);

  public ChatBotResource() {
    super("chat_bot", "chat-bots", "A bot that answers a chat queue's customers before any agent: tenant-defined "
        + "intents matched in the bot's language, a webhook step for answers from the tenant's systems, and a "
        + "handover to an agent when the customer asks, the bot is unsure twice or a webhook fails.", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
        Attr.string("description").optional().check(Check.maxLength(Rules.DESCRIPTION_MAX)),
        Attr.of("queues", Type.set(Type.STRING)).required().check(Check.minItems(1), Check.maxItems(50))
            .eachElement(Rules.ID).describe("The queues whose chats it answers first; a queue has at most one bot."),
        Attr.string("language").optionalComputed().check(Check.oneOf(List.of("en", "es")))
            .describe("en or es: the matching's stop words and stemming, and the default texts. Default en."),
        Attr.string("greeting").optional().check(TEXT).describe("Put before the bot's first words in a chat."),
        Attr.number("threshold").optionalComputed().check(Check.range(1, 100))
            .describe("The confidence, in percent, a match needs for the bot to answer with it. Default 50."),
        Attr.string("rephrase_text").optional().check(TEXT)
            .describe("Asked once when no intent matched; unset: a default in the bot's language."),
        Attr.string("handover_text").optional().check(TEXT)
            .describe("Told when the chat goes to an agent; unset: a default in the bot's language."),
        Attr.of("handover_phrases", Type.list(Type.STRING)).optional().check(Check.maxItems(50))
            .eachElement(PHRASE)
            .describe("More ways to ask for a person, besides the built-in English and Spanish ones."),
        Attr.objectList("intents", Block.of(
                Attr.string("name").required().check(Rules.ID).describe("Unique within the bot; reported."),
                Attr.of("phrases", Type.list(Type.STRING)).required().check(Check.minItems(1), Check.maxItems(50))
                    .eachElement(PHRASE).describe("Examples of what a customer writes."),
                Attr.string("answer").optional().check(TEXT).describe("The answer, plain text (or webhook)."),
                Attr.object("webhook", Block.of(
                        Attr.string("url").required().check(Check.maxLength(2048),
                            Check.matches("(?i)https?://[^\\s#@/]+(/[^\\s#]*)?",
                                "must be an http(s) URL without credentials or fragment")),
                        Attr.number("timeout_ms").optionalComputed().check(Check.range(100, 30_000))
                            .describe("How long the bot waits for the reply. Default 3000.")))
                    .optional().describe("The answer comes from this URL's reply ({\"answer\": \"...\"}) to the "
                        + "chat POSTed, signed with secret; no usable reply: the chat goes to an agent.")))
            .required().check(Check.maxItems(200)).describe("What the bot recognises and answers."),
        Attr.string("secret").optional().writeOnly()
            .check(Check.matches("whsec_[A-Za-z0-9+/]+={0,2}", "must be whsec_ followed by base64"))
            .describe("Sensitive, write-only: signs the webhook steps' requests, whsec_ then the base64 of 24 to 64 "
                + "random bytes. Required once an intent has a webhook step.")));
  }
}
