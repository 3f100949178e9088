package io.switchboard.directory;

import java.util.Optional;

/**
 * The kinds of directory object. {@link #wire()} is the name inside Redis keys
 * ({@code sb:{t}:dir:<wire>:<id>}); {@link #path()} is the REST collection under {@code /api/v1}.
 */
public enum Kind {
  AGENT("agent", "agents"),
  TEAM("team", "teams"),
  SKILL("skill", "skills"),
  QUEUE("queue", "queues"),
  BUSINESS_HOURS("business-hours", "business-hours"),
  PHONE_NUMBER("phone-number", "phone-numbers"),
  TRUNK("trunk", "trunks"),
  FLOW("flow", "flows"),
  /** A tenant's outbound dial rules: one document, id {@code default} (dial.DialPlanner). */
  DIAL_POLICY("dial-policy", "dial-policies"),
  /** Where a tenant's events are POSTed, signed (webhooks.WebhookDispatcher). */
  WEBHOOK("webhook", "webhooks"),
  /**
   * What an agent may give as the reason for being away ({@code state.set}); a tenant with none has the built-in
   * break, lunch, meeting and training (acd-state.lua checks).
   */
  AWAY_REASON("away-reason", "away-reasons"),
  /**
   * A bot that answers a chat queue's customers before any agent (chat.bot.IntentBot): its intents, confidence
   * threshold and handover text; at most one per queue.
   */
  CHAT_BOT("chat-bot", "chat-bots"),
  /**
   * A text agents insert into a chat by its short code (the id), with placeholders filled from the chat
   * (directory.Placeholders); optionally for one language and some chat queues.
   */
  CANNED_RESPONSE("canned-response", "canned-responses"),
  /**
   * A quality scorecard (docs/quality.md): weighted sections of yes/no and scale questions that supervisors score
   * interactions with (quality.Scoring); each evaluation keeps the version it was made with.
   */
  SCORECARD("scorecard", "scorecards");

  private final String wire;
  private final String path;

  Kind(String wire, String path) {
    this.wire = wire;
    this.path = path;
  }

  public String wire() {
    return wire;
  }

  public String path() {
    return path;
  }

  public static Optional<Kind> fromWire(String s) {
    for (Kind k : values()) {
      if (k.wire.equals(s)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The id of the {@link #PHONE_NUMBER} document of an E.164 number: the number without its '+'. */
  public static String phoneNumberId(String e164) {
    return e164.substring(1);
  }
}
