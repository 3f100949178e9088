package io.switchboard.config;

import java.time.Duration;

/**
 * E-mail queues ({@code email.*}; docs/email.md). Defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param enabled whether this node polls the e-mail queues' mailboxes
 * @param tick how often the node looks for mailboxes due a poll
 * @param maxBodyChars the longest text kept of one inbound message
 * @param maxPerPoll the most messages taken from one mailbox in one poll
 * @param timeout connect, read and write timeout of IMAP and SMTP connections
 * @param capacity how many e-mail conversations an agent without a call may hold at once (its directory
 *     emailCapacity, else its team's, overrides); counted apart from its chats
 * @param duringCall how many e-mail conversations an agent may hold while on a call (its emailsDuringCall, else its
 *     team's, overrides); an agent holding more is offered no call
 */
public record EmailConfig(boolean enabled, Duration tick, int maxBodyChars, int maxPerPoll, Duration timeout,
    int capacity, int duringCall) {

  static EmailConfig from(Settings s) {
    return new EmailConfig(s.bool("email.enabled", true), Duration.ofMillis(s.integer("email.tick-ms", 50, 60_000)),
        s.integer("email.max-body-chars", 100, 1_000_000), s.integer("email.max-per-poll", 1, 10_000),
        Duration.ofMillis(s.integer("email.timeout-ms", 100, 300_000)), s.integer("email.capacity", 0, 20),
        s.integer("email.during-call", 0, 20));
  }
}
