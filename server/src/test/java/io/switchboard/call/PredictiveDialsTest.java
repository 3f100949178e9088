package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.campaigns.AttemptHistory;
import io.switchboard.campaigns.PredictivePacing;
import io.switchboard.dial.DialRefused;
import io.switchboard.media.audio.AudioClip;
import io.switchboard.media.audio.Prompts;
import org.junit.jupiter.api.Test;

/** The pure parts of predictive dialing: refused plans' outcomes, the measured history, the shipped message. */
class PredictiveDialsTest {

  @Test
  void aRefusedPlanEndsTheAttemptWithTheOutcomeItsRetryRuleNeeds() {
    assertThat(PredictiveDials.refusedOutcome(new DialRefused(DialRefused.DO_NOT_CALL, "number", "listed")))
        .isEqualTo("do-not-call");
    assertThat(PredictiveDials.refusedOutcome(new DialRefused("bad-number", "number", "not a number")))
        .isEqualTo("invalid-number");
    assertThat(PredictiveDials.refusedOutcome(new DialRefused(DialRefused.NO_TRUNK, null, "no trunk")))
        .isEqualTo("trunk-failure");
    assertThat(PredictiveDials.refusedOutcome(new IllegalStateException("directory down")))
        .isEqualTo("trunk-failure");
  }

  @Test
  void theHistoryKeepsEachCampaignsLastAttempts() {
    AttemptHistory h = new AttemptHistory();
    assertThat(h.history("t", "c")).isSameAs(PredictivePacing.History.NONE);
    for (int i = 0; i < AttemptHistory.KEPT + 10; i++) {
      h.unanswered("t", "c", i);
    }
    h.answered("t", "c", 700);
    h.handleTimes("t", "c", new long[] {60_000});
    h.answered("t", "other", 1);
    PredictivePacing.History c = h.history("t", "c");
    assertThat(c.unansweredMs()).as("the last KEPT attempts, answered ones included").hasSize(AttemptHistory.KEPT - 1)
        .startsWith(11L);
    assertThat(c.answerMs()).containsExactly(700L);
    assertThat(c.handleMs()).containsExactly(60_000L);
    assertThat(h.history("t", "other").attempts()).isEqualTo(1);
  }

  @Test
  void theStoresHistoryReplacesLessThanItButNotMoreThanIt() {
    AttemptHistory h = new AttemptHistory();
    h.answered("t", "c", 700);
    h.seed("t", "c", new PredictivePacing.History(new long[] {1_000, 2_000}, new long[] {45_000}, new long[] {9}));
    h.unanswered("t", "c", 3_000); // the node's own measures append
    PredictivePacing.History c = h.history("t", "c");
    assertThat(c.answerMs()).containsExactly(1_000L, 2_000L);
    assertThat(c.unansweredMs()).containsExactly(45_000L, 3_000L);
    assertThat(c.handleMs()).containsExactly(9L);
    h.seed("t", "c", new PredictivePacing.History(new long[] {5}, new long[0], new long[0]));
    assertThat(h.history("t", "c").attempts()).as("the node measured more: kept").isEqualTo(4);
    h.handleTimes("t", "c", new long[] {95_000, 96_000});
    assertThat(h.history("t", "c").handleMs()).containsExactly(95_000L, 96_000L);
    // 1,000 attempts read back, 30 answered: the 500 kept answer as often
    long[] answers = new long[30];
    long[] unanswered = new long[970];
    h.seed("t", "big", new PredictivePacing.History(answers, unanswered, new long[0]));
    PredictivePacing.History big = h.history("t", "big");
    assertThat(big.attempts()).isEqualTo(AttemptHistory.KEPT);
    assertThat(big.answerMs()).hasSize(15);
  }

  @Test
  void theAbandonMessageIsShippedInEveryLanguage() {
    Prompts prompts = new Prompts();
    for (String language : Prompts.languages()) {
      AudioClip c = prompts.shipped(language, PredictiveDials.ABANDON_PROMPT);
      assertThat(c.durationMillis()).as(language).isBetween(2_000L, 12_000L);
    }
  }
}
