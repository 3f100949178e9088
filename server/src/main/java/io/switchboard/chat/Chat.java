package io.switchboard.chat;

import java.time.Instant;

/**
 * One chat of the store of record (V16__chats.sql): a customer's conversation from the tenant's website, which is
 * also an interaction (channel {@code chat}, call id = {@link #id}).
 *
 * @param id {@code chat-<uuid>}
 * @param customer the subject of the customer token that started it (only that customer may resume it)
 * @param agentId the agent working on it (or the last one), or null
 * @param lastSeq the seq of its newest message (0: none yet)
 * @param endedAt null while it is not ended
 */
public record Chat(String tenant, String id, String queue, String origin, String customer, String customerName, String customerEmail,
    String language, ChatStatus status, String agentId, String handoverReason, String disposition, String endedBy,
    int lastSeq, Instant startedAt, Instant endedAt) {

  /** The prefix of every chat id (and of its interaction's call id). */
  public static final String PREFIX = "chat-";

  /** True when {@code callId} is a chat's. */
  public static boolean isChat(String callId) {
    return callId != null && callId.startsWith(PREFIX);
  }
}
