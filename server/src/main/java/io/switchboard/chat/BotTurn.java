package io.switchboard.chat;

/** What the bot does after a customer's message. */
public sealed interface BotTurn {

  /** No bot fronts the chat's queue: the chat goes to the ACD at once. */
  record NotFronted() implements BotTurn {}

  /**
   * The bot answers with {@code text} (plain text, shown as text, never as markup). {@code intent} is the matched
   * intent's name, or null for a clarifying question when the bot was unsure.
   */
  record Answer(String text, String intent) implements BotTurn {}

  /**
   * The bot hands the chat to an agent. {@code reason} is one of {@code asked} (the customer asked for a person),
   * {@code unsure} (no intent matched well enough), {@code failed-twice} (two turns in a row without a match) or
   * {@code webhook-failed}; it is reported. {@code text} is what the customer is told, or null for the default.
   */
  record Handover(String reason, String text) implements BotTurn {}

  /** The bot closed the chat (the customer's request was answered and they said goodbye): counted as contained. */
  record Close(String text) implements BotTurn {}
}
