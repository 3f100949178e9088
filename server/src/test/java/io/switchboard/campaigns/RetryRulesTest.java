package io.switchboard.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which rule an outcome takes, and when a contact is done. */
class RetryRulesTest {
  static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");
  final RetryRules rules = new RetryRules(new RetryRules.Rule(60, 2), new RetryRules.Rule(600, 3),
      new RetryRules.Rule(30, 1));

  @Test
  void finalOutcomesAreDoneAtOnce() {
    for (String outcome : new String[] {"answered", "do-not-call", "invalid-number"}) {
      assertThat(rules.decide(outcome, 1, NOW)).as(outcome).isEqualTo(new RetryRules.Decision(true, null));
    }
  }

  @Test
  void aPickedCallBackTimeIsKeptWhateverTheDispositionsRuleUpToTheHardMaximum() {
    Instant at = NOW.plusSeconds(86_400);
    assertThat(rules.callBack(1, at)).isEqualTo(new RetryRules.Decision(false, at));
    assertThat(rules.callBack(RetryRules.MAX_ATTEMPTS - 1, at).done()).isFalse();
    assertThat(rules.callBack(RetryRules.MAX_ATTEMPTS, at).done()).isTrue();
  }

  @Test
  void busyIsRetriedAfterItsDelayUntilItsMaximum() {
    assertThat(rules.decide("busy", 1, NOW)).isEqualTo(new RetryRules.Decision(false, NOW.plusSeconds(60)));
    assertThat(rules.decide("busy", 2, NOW).done()).isTrue();
  }

  @Test
  void noAnswerHasItsOwnRule() {
    assertThat(rules.decide("no-answer", 2, NOW)).isEqualTo(new RetryRules.Decision(false, NOW.plusSeconds(600)));
    assertThat(rules.decide("no-answer", 3, NOW).done()).isTrue();
  }

  @Test
  void everyOtherFailureIsFailed() {
    for (String outcome : new String[] {"rejected", "trunk-failure", "cancelled", "node-lost", "failed", "what"}) {
      assertThat(rules.ruleFor(outcome)).as(outcome).isEqualTo(rules.failed());
    }
    assertThat(rules.decide("rejected", 1, NOW).done()).as("failed allows 1 attempt").isTrue();
  }

  @Test
  void attemptsCountAcrossOutcomes() {
    // busy once, then no answer twice: the third attempt reaches no-answer's maximum of 3
    assertThat(rules.decide("no-answer", 3, NOW).done()).isTrue();
    // no answer once, then busy: busy's maximum (2) is reached at the second attempt
    assertThat(rules.decide("busy", 2, NOW).done()).isTrue();
  }

  @Test
  void anAnsweredCallsDispositionMayHaveItsOwnRule() {
    RetryRules withCallBack = new RetryRules(rules.busy(), rules.noAnswer(), rules.failed(),
        java.util.Map.of("call-back", new RetryRules.Rule(86_400, 2)));
    assertThat(withCallBack.decide("answered", "call-back", 1, NOW))
        .isEqualTo(new RetryRules.Decision(false, NOW.plusSeconds(86_400)));
    assertThat(withCallBack.decide("answered", "call-back", 2, NOW).done()).isTrue();
    assertThat(withCallBack.decide("answered", "sale", 1, NOW).done()).isTrue();
    assertThat(withCallBack.decide("answered", null, 1, NOW).done()).isTrue();
    assertThat(withCallBack.decide("busy", "call-back", 1, NOW)).as("only answered calls have dispositions")
        .isEqualTo(new RetryRules.Decision(false, NOW.plusSeconds(60)));
  }

  @Test
  void rulesAreBounded() {
    assertThatThrownBy(() -> new RetryRules.Rule(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryRules.Rule(60, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryRules.Rule(60, RetryRules.MAX_ATTEMPTS + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
