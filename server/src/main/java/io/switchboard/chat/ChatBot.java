package io.switchboard.chat;

import io.vertx.core.Future;

/**
 * Answers a customer's chat before any agent does. The chat service asks the bot for a turn after each customer
 * message while the chat has not been handed to the ACD; once the bot hands over, it is never asked again for that chat.
 *
 * <p>Threading: may be called on any event loop; the returned future must not block it (matching and webhooks run
 * on worker threads or asynchronously).
 */
public interface ChatBot {

  /** A bot that fronts no queue: every chat goes straight to the ACD. */
  ChatBot NONE = chat -> Future.succeededFuture(new BotTurn.NotFronted());

  /**
   * The bot's next turn in {@code chat}. Fails only on a defect; a webhook that is down or an intent that does not
   * match is a {@link BotTurn.Handover} (or a clarifying {@link BotTurn.Answer}), never a failed future.
   */
  Future<BotTurn> turn(BotChat chat);
}
