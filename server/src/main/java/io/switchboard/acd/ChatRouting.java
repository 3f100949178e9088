package io.switchboard.acd;

import io.vertx.core.Future;
import java.util.List;

/**
 * The ACD side of chats (docs/chat.md, "Routing"): a chat waits in its chat queue and is offered to a staffed agent
 * of the queue with room for one more chat (its chat capacity, smaller while a call holds it; an e-mail
 * conversation against its e-mail capacity instead, docs/email.md); an agent holding more chats (or e-mails) than it
 * may keep during a call is offered no call. One script ({@code acd-chat.lua}) decides each
 * offer, so a chat is never offered to two agents at once; offers not accepted by the queue's no-answer time are
 * requeued by {@link #sweep}.
 *
 * <p>Threading: as {@link Acd}. Failures are {@link AcdException} ({@code unknown-queue}, {@code invalid-argument}
 * for a voice queue, {@code not-offered}, {@code unavailable}); a failed call changed nothing.
 */
public interface ChatRouting {

  /** Where a chat is after a change: {@code waiting}, {@code reserved}, {@code connected} or {@code ended}. */
  record Placed(String state, String agentId) {}

  /** The chat waits in {@code queue} (a chat queue), offered at once to an agent with room. */
  Future<Placed> enqueue(String tenant, String chatId, String queue, String customerName);

  /** The agent takes the chat offered to it. */
  Future<Placed> accept(String tenant, String agentId, String chatId);

  /** The agent declines the chat offered to it: it is offered to another agent, or waits. */
  Future<Placed> reject(String tenant, String agentId, String chatId);

  /**
   * The agent working on the chat hands it to another queue (a chat queue; {@code toAgent} null) or to an agent
   * (that must have room now; {@code queue} null).
   */
  Future<Placed> transfer(String tenant, String agentId, String chatId, String queue, String toAgent);

  /** The chat ended: it leaves its queue or its agent, whose room waiting chats fill. Idempotent. */
  Future<Void> end(String tenant, String chatId);

  /**
   * A chat an agent holds: offered to it ({@code state} {@code reserved}, until {@code deadline}, epoch ms) or worked
   * on ({@code connected}; deadline 0). {@code enqueuedAt} is when it first waited (epoch ms).
   */
  record Held(String chatId, String queue, String state, String customerName, long deadline, long enqueuedAt) {}

  /** The chats offered to or worked on by the agent now, oldest first (a reloaded softphone restores them). */
  Future<List<Held>> held(String tenant, String agentId);

  /** Requeues offers past their deadline and offers waiting chats to agents with room; returns how many moved. */
  Future<Integer> sweep(String tenant);
}
