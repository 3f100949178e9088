package io.switchboard.config;

import java.time.Duration;

/**
 * Chat ({@code chat.*}; docs/chat.md). Defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param capacity how many chats an agent without a call may hold at once (its directory chatCapacity, else its
 *     team's, overrides)
 * @param duringCall how many chats an agent may hold while on a call (its chatsDuringCall, else its team's,
 *     overrides); an agent
 *     holding more is offered no call
 * @param maxMessageChars the longest message a customer or agent may send
 * @param customerMessagesPerMinute how many messages one chat's customer may send per minute
 * @param sweep how often a node requeues chat offers past their deadline and offers waiting chats to agents with room
 * @param customerTokenTtl how long a customer token is valid
 * @param perSourcePerMinute customer tokens and new chats one source address may get per minute
 */
public record ChatConfig(int capacity, int duringCall, int maxMessageChars, int customerMessagesPerMinute,
    Duration sweep, Duration customerTokenTtl, int perSourcePerMinute) {

  static ChatConfig from(Settings s) {
    return new ChatConfig(s.integer("chat.capacity", 0, 20), s.integer("chat.during-call", 0, 20),
        s.integer("chat.max-message-chars", 1, 100_000), s.integer("chat.customer-messages-per-minute", 1, 10_000),
        Duration.ofMillis(s.integer("chat.sweep-interval-ms", 10, 60_000)),
        Duration.ofSeconds(s.integer("chat.customer-token-ttl-seconds", 60, 86_400)),
        s.integer("chat.per-source-per-minute", 1, 100_000));
  }
}
