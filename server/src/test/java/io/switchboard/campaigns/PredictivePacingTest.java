package io.switchboard.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The predictive pacing model: over-dials from the measurements, backs off to 1:1 as the 30-day rate nears the cap. */
class PredictivePacingTest {
  static final PredictivePacing.Knobs KNOBS = new PredictivePacing.Knobs(0.5, 0.3, 50, 4.0, 2000);
  /** 100 attempts: 30 answered after 6 s, 70 unanswered after 2 s (busy); handle times 60–120 s. */
  static final PredictivePacing.History HISTORY = history(30, 6_000, 70, 2_000);
  final PredictivePacing pacing = new PredictivePacing(KNOBS);

  static PredictivePacing.History history(int answered, long answerMs, int unanswered, long unansweredMs) {
    long[] a = new long[answered];
    long[] u = new long[unanswered];
    java.util.Arrays.fill(a, answerMs);
    java.util.Arrays.fill(u, unansweredMs);
    return new PredictivePacing.History(a, u, new long[] {60_000, 80_000, 100_000, 120_000});
  }

  static PredictivePacing.Measures measured(int free, int ringing, double rate) {
    return new PredictivePacing.Measures(HISTORY, free, List.of(), 0, ringingFor(ringing, 0), rate, 3.0);
  }

  static List<Long> ringingFor(int n, long elapsedMs) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(elapsedMs);
    }
    return out;
  }

  @Test
  void overDialsWhenTheAnswerRateIsLowAndTheRateIsWellUnderTheCap() {
    PredictivePacing.Decision d = pacing.decide(measured(10, 0, 0.0));
    assertThat(d.progressive()).isFalse();
    assertThat(d.place()).as("more calls than free agents").isGreaterThan(10);
    assertThat(d.expectedAbandon()).as("within the aim: half the 3 %% cap").isLessThanOrEqualTo(0.015);
    // one more call would exceed the aim
    assertThat(PredictivePacing.expectedAbandonShare(d.place() + 1, 0.30, 10)).isGreaterThan(0.015);
  }

  @Test
  void callsJustPlacedCountAgainstTheTargetAndCallsRingingLongCountLess() {
    int none = pacing.decide(measured(10, 0, 0.0)).place();
    int fresh = pacing.decide(measured(10, 7, 0.0)).place();
    // past 6 s every answered attempt had answered: a call ringing 7 s will not answer any more
    int stale = pacing.decide(new PredictivePacing.Measures(HISTORY, 10, List.of(), 0, ringingFor(7, 7_000), 0, 3.0))
        .place();
    assertThat(fresh).isEqualTo(none - 7);
    assertThat(stale).isEqualTo(none);
    assertThat(pacing.decide(measured(10, 100, 0.0)).place()).as("never negative").isZero();
    assertThat(PredictivePacing.answerChance(1_000, HISTORY)).isCloseTo(0.3, within(1e-12));
    assertThat(PredictivePacing.answerChance(3_000, HISTORY)).as("the busy ones are over by 2 s").isEqualTo(1.0);
    assertThat(PredictivePacing.answerChance(7_000, HISTORY)).isZero();
  }

  @Test
  void backsOffAsTheThirtyDayRateNearsTheCapThenGoesOneToOne() {
    int far = pacing.decide(measured(10, 0, 0.005)).place();
    int near = pacing.decide(measured(10, 0, 0.027)).place();
    PredictivePacing.Decision at = pacing.decide(measured(10, 2, 0.030));
    PredictivePacing.Decision over = pacing.decide(measured(10, 0, 0.045));
    assertThat(near).isLessThan(far).isGreaterThanOrEqualTo(10);
    assertThat(at).as("1:1 with the free agents, the 2 ringing counted").isEqualTo(new PredictivePacing.Decision(8,
        true, 0));
    assertThat(over.place()).isEqualTo(10);
    assertThat(pacing.aim(measured(10, 0, 0.01))).isCloseTo(0.015, within(1e-12));
    assertThat(pacing.aim(measured(10, 0, 0.0255))).isCloseTo(0.0075, within(1e-9));
  }

  @Test
  void progressiveUntilEnoughAttemptsAreMeasured() {
    PredictivePacing.Decision d = pacing.decide(new PredictivePacing.Measures(history(14, 6_000, 35, 2_000), 4,
        List.of(), 0, List.of(0L), 0, 3.0));
    assertThat(d).isEqualTo(new PredictivePacing.Decision(3, true, 0));
    assertThat(pacing.decide(new PredictivePacing.Measures(history(0, 0, 80, 2_000), 4, List.of(), 0, List.of(),
        0, 3.0)).progressive()).as("nothing ever answered").isTrue();
  }

  @Test
  void answeredContactsWaitingTakeAgentsFirstAndBusyAgentsNearTheEndCount() {
    int plain = pacing.decide(measured(5, 0, 0)).place();
    // three agents 110 s into their calls: of the handle times longer than that (120 s) all end within 6 s + 2 s
    int soon = pacing.decide(new PredictivePacing.Measures(HISTORY, 5, List.of(115_000L, 115_000L, 115_000L), 0,
        List.of(), 0, 3.0)).place();
    int early = pacing.decide(new PredictivePacing.Measures(HISTORY, 5, List.of(1_000L, 1_000L, 1_000L), 0,
        List.of(), 0, 3.0)).place();
    int waiting = pacing.decide(new PredictivePacing.Measures(HISTORY, 5, List.of(), 2, List.of(), 0, 3.0)).place();
    assertThat(soon).isGreaterThan(plain);
    assertThat(early).isEqualTo(plain);
    assertThat(waiting).isLessThan(plain);
    assertThat(pacing.decide(new PredictivePacing.Measures(HISTORY, 2, List.of(), 2, List.of(), 0, 3.0)).place())
        .as("no agent left for a new answer").isZero();
  }

  @Test
  void anAgentFreeingOnlyAfterTheEarlyAnswersIsNoHelpToThem() {
    // half the answers come after 2 s, half after 10 s; every call lasts 120 s
    long[] answers = new long[30];
    java.util.Arrays.fill(answers, 0, 15, 2_000);
    java.util.Arrays.fill(answers, 15, 30, 10_000);
    long[] unanswered = new long[70];
    java.util.Arrays.fill(unanswered, 2_000);
    PredictivePacing.History h = new PredictivePacing.History(answers, unanswered, new long[] {120_000, 120_000});
    // three agents free in 10 s: the answers after 2 s would wait 8 s for them, past the 2 s grace
    PredictivePacing.Decision late = pacing.decide(new PredictivePacing.Measures(h, 0,
        List.of(110_000L, 110_000L, 110_000L), 0, List.of(), 0, 3.0));
    assertThat(late.place()).isZero();
    assertThat(late.progressive()).isFalse();
    // free in 1 s: every answer finds them
    int soon = pacing.decide(new PredictivePacing.Measures(h, 0, List.of(119_000L, 119_000L, 119_000L), 0,
        List.of(), 0, 3.0)).place();
    assertThat(soon).isPositive();
    // a call ringing 3 s can only answer at 10 s, when they are free: it takes one of them
    int withRinging = pacing.decide(new PredictivePacing.Measures(h, 0, List.of(119_000L, 119_000L, 119_000L), 0,
        List.of(3_000L, 3_000L, 3_000L), 0, 3.0)).place();
    assertThat(withRinging).isLessThan(soon);
    assertThat(PredictivePacing.answerChanceWithin(3_000, 5_000, h)).as("none of those answer by 8 s").isZero();
    assertThat(PredictivePacing.answerChanceWithin(3_000, 7_000, h)).isEqualTo(1.0);
  }

  @Test
  void aCampaignsFirstAnswersAreNotOverDialedUntilTheCapHasRoomForTwoAbandons() {
    PredictivePacing.Decision first = pacing.decide(new PredictivePacing.Measures(HISTORY, 10, List.of(), 0,
        ringingFor(2, 0), 0, 3.0, 20));
    assertThat(first).as("20 answers: one abandon would be 4.8 %").isEqualTo(new PredictivePacing.Decision(8, true, 0));
    // 100 answered, 2 abandoned: 4 of 102 would be over 3 %
    assertThat(pacing.decide(new PredictivePacing.Measures(HISTORY, 10, List.of(), 0, List.of(), 0.02, 3.0, 100))
        .progressive()).isTrue();
    PredictivePacing.Decision later = pacing.decide(new PredictivePacing.Measures(HISTORY, 10, List.of(), 0,
        List.of(), 0, 3.0, 100));
    assertThat(later.progressive()).isFalse();
    assertThat(later.place()).isGreaterThan(10);
  }

  @Test
  void aBusyAgentsChanceComesFromTheMeasuredHandleTimes() {
    long[] handles = {60_000, 80_000, 100_000, 120_000};
    assertThat(PredictivePacing.freeChance(70_000, handles, 15_000)).as("1 of the 3 longer ends by 85 s")
        .isCloseTo(1 / 3.0, within(1e-12));
    assertThat(PredictivePacing.freeChance(130_000, handles, 15_000)).as("longer than all: not counted on").isZero();
    assertThat(PredictivePacing.freeChance(1_000, new long[0], 15_000)).isZero();
  }

  @Test
  void thePoissonBinomialOfIndependentChances() {
    assertThat(PredictivePacing.distribution(List.of(0.5, 0.5))).containsExactly(0.25, 0.5, 0.25);
    assertThat(PredictivePacing.distribution(List.of())).containsExactly(1.0);
  }

  @Test
  void neverMoreAnswersExpectedThanTheMaximumRatioPerAgent() {
    // a cap of 100 % aims at any share: only the ratio (1 answer per agent here) bounds the calls
    PredictivePacing loose = new PredictivePacing(new PredictivePacing.Knobs(1.0, 0.3, 50, 1.0, 2000));
    assertThat(loose.decide(new PredictivePacing.Measures(HISTORY, 10, List.of(), 0, List.of(), 0, 100)).place())
        .as("10 agents / 0.3").isEqualTo(33);
    assertThat(loose.decide(new PredictivePacing.Measures(HISTORY, 10, List.of(), 0, ringingFor(10, 0), 0, 100))
        .place()).as("10 ringing: 3 answers expected").isEqualTo(23);
  }

  @Test
  void aCapOfZeroIsAlwaysProgressive() {
    assertThat(pacing.decide(new PredictivePacing.Measures(HISTORY, 6, List.of(), 0, List.of(), 0, 0.0)))
        .isEqualTo(new PredictivePacing.Decision(6, true, 0));
  }

  @Test
  void theExpectedShareMatchesASimulation() {
    Random r = new Random(7);
    int n = 30;
    int a = 10;
    double p = 0.3;
    long answered = 0;
    long abandoned = 0;
    for (int i = 0; i < 200_000; i++) {
      int x = 0;
      for (int k = 0; k < n; k++) {
        x += r.nextDouble() < p ? 1 : 0;
      }
      answered += x;
      abandoned += Math.max(0, x - a);
    }
    assertThat(PredictivePacing.expectedAbandonShare(n, p, a))
        .isCloseTo((double) abandoned / answered, within(0.002));
    assertThat(PredictivePacing.expectedAbandonShare(10, p, a)).isZero();
    assertThat(PredictivePacing.expectedAbandonShare(4, 1.0, 2)).isEqualTo(0.5);
  }

  @Test
  void theSharedSumMatchesASimulationWithCallsRingingAndAgentsFreeing() {
    // 5 free, 2 ringing calls that answer with 0.6, 2 busy agents that free with 0.5, 12 new calls at 0.3
    Random r = new Random(11);
    long answered = 0;
    long abandoned = 0;
    for (int i = 0; i < 200_000; i++) {
      int x = 0;
      for (int k = 0; k < 12; k++) {
        x += r.nextDouble() < 0.3 ? 1 : 0;
      }
      for (int k = 0; k < 2; k++) {
        x += r.nextDouble() < 0.6 ? 1 : 0;
      }
      int agents = 5 + (r.nextDouble() < 0.5 ? 1 : 0) + (r.nextDouble() < 0.5 ? 1 : 0);
      answered += x;
      abandoned += Math.max(0, x - agents);
    }
    double[] ringing = PredictivePacing.distribution(List.of(0.6, 0.6));
    double[] freed = PredictivePacing.distribution(List.of(0.5, 0.5));
    double[] w = new double[ringing.length + freed.length - 1];
    for (int i = 0; i < ringing.length; i++) {
      for (int j = 0; j < freed.length; j++) {
        w[i + freed.length - 1 - j] += ringing[i] * freed[j];
      }
    }
    assertThat(PredictivePacing.shortfall(12, 0.3, 5, w, 2) / (12 * 0.3 + 1.2)).isCloseTo((double) abandoned / answered,
        within(0.002));
  }

  @Test
  void theNormalApproximationAgreesWithTheExactSum() {
    // used where q^n underflows (large n, high p); compared here where both work
    double exact = PredictivePacing.expectedAbandonShare(300, 0.9, 265);
    assertThat(exact).isPositive();
    assertThat(PredictivePacing.normalShare(300, 0.9, 265)).isCloseTo(exact, within(0.002));
    assertThat(PredictivePacing.expectedAbandonShare(400, 0.9, 350)).isCloseTo(
        PredictivePacing.normalShare(400, 0.9, 350), within(1e-9));
  }

  @Test
  void knobsAreChecked() {
    assertThatThrownBy(() -> new PredictivePacing.Knobs(0, 0.3, 50, 4, 2000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PredictivePacing.Knobs(0.5, 0.3, 50, 0.5, 2000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
