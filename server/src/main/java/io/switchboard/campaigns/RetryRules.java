package io.switchboard.campaigns;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a campaign does after an attempt, by its outcome (docs/campaigns.md). Outcomes fall in four groups:
 * answered, do-not-call, invalid-number (final: the contact is done); busy; no-answer; every other failure
 * (rejected, trunk-failure, cancelled, node-lost, unknown): failed. An answered call whose agent's disposition has a
 * rule in {@code dispositions} ("call-back") is retried by that rule instead. A retried group waits its {@code delay},
 * and the contact is done once it has had the rule's {@code maxAttempts} attempts in all. Immutable.
 */
public record RetryRules(Rule busy, Rule noAnswer, Rule failed, Map<String, Rule> dispositions) {
  /** Busy: again in 5 minutes, 3 attempts; no answer: in an hour, 3 attempts; failed: in 10 minutes, 2 attempts. */
  public static final RetryRules DEFAULT = new RetryRules(new Rule(300, 3), new Rule(3600, 3), new Rule(600, 2));
  /** The most disposition rules a campaign may have. */
  public static final int MAX_DISPOSITIONS = 20;

  public RetryRules {
    dispositions = Map.copyOf(dispositions);
  }

  /** No rule by disposition: every answered contact is done. */
  public RetryRules(Rule busy, Rule noAnswer, Rule failed) {
    this(busy, noAnswer, failed, Map.of());
  }

  /** The most attempts a rule may allow. */
  public static final int MAX_ATTEMPTS = 20;
  /** The longest delay a rule may set (a week). */
  public static final int MAX_DELAY_SECONDS = 7 * 86_400;

  /**
   * @param delaySeconds 1 to {@link #MAX_DELAY_SECONDS}
   * @param maxAttempts attempts in all after which the contact is done, 1 to {@link #MAX_ATTEMPTS}
   */
  public record Rule(int delaySeconds, int maxAttempts) {
    public Rule {
      if (delaySeconds < 1 || delaySeconds > MAX_DELAY_SECONDS) {
        throw new IllegalArgumentException("delaySeconds must be from 1 to " + MAX_DELAY_SECONDS);
      }
      if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
        throw new IllegalArgumentException("maxAttempts must be from 1 to " + MAX_ATTEMPTS);
      }
    }
  }

  /**
   * What follows an attempt.
   *
   * @param done the contact is called no more
   * @param nextAttemptAt when it may be called again (null when done)
   */
  public record Decision(boolean done, Instant nextAttemptAt) {}

  /** The rule of a failed attempt's outcome, or null for a final outcome. */
  public Rule ruleFor(String outcome) {
    return switch (outcome) {
      case "answered", "do-not-call", "invalid-number" -> null;
      case "busy" -> busy;
      case "no-answer" -> noAnswer;
      default -> failed;
    };
  }

  /**
   * @param outcome the attempt's outcome
   * @param attempts attempts made so far, this one included
   */
  public Decision decide(String outcome, int attempts, Instant now) {
    return decide(outcome, null, attempts, now);
  }

  /**
   * After an answered attempt whose agent picked a call-back time ({@link CallbackTimes}): due again exactly
   * {@code at}, whatever the disposition's rule says (the agent promised the contact a call), unless the contact has
   * had {@link #MAX_ATTEMPTS} attempts in all. The attempt made at that time is counted and settled by the rules as
   * any other.
   *
   * @param attempts attempts made so far, this one included
   */
  public Decision callBack(int attempts, Instant at) {
    return attempts >= MAX_ATTEMPTS ? new Decision(true, null) : new Decision(false, at);
  }

  /**
   * Whether a contact is done after this attempt only because it has had its rule's (or, for a picked call-back
   * time, {@link #MAX_ATTEMPTS}) attempts: the campaigns report's not-dialed reason {@code max-attempts}.
   *
   * @param callBack the agent picked a call-back time in the attempt's wrap-up
   */
  public boolean exhausted(String outcome, String disposition, int attempts, boolean callBack) {
    if (callBack) {
      return attempts >= MAX_ATTEMPTS;
    }
    Rule r = "answered".equals(outcome) && disposition != null ? dispositions.get(disposition) : ruleFor(outcome);
    return r != null && attempts >= r.maxAttempts();
  }

  /** @param disposition the agent's wrap-up code of an answered call, or null */
  public Decision decide(String outcome, String disposition, int attempts, Instant now) {
    Rule r = "answered".equals(outcome) && disposition != null ? dispositions.get(disposition) : ruleFor(outcome);
    if (r == null || attempts >= r.maxAttempts()) {
      return new Decision(true, null);
    }
    return new Decision(false, now.plus(Duration.ofSeconds(r.delaySeconds())));
  }
}
