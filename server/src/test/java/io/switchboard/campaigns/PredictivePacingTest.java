package io.switchboard.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The predictive pacing model: over-dials from the measurements, backs off to 1:1 as the 30-day rate nears the cap. */
class PredictivePacingTest {
  static final PredictivePacing.Knobs KNOBS = new PredictivePacing.Knobs(0.5, 0.3, 50, 4.0, 2000);
  final PredictivePacing pacing = new PredictivePacing(KNOBS);

  /** 30 % answer after 6 s, 95 s handle, {@code free} idle agents, nothing ringing, 30-day rate {@code rate}. */
  static PredictivePacing.Measures measured(int free, int ringing, double rate) {
    return new PredictivePacing.Measures(500, 0.30, 6_000, 95_000, free, 0, 0, ringing, rate, 3.0);
  }

  @Test
  void overDialsWhenTheAnswerRateIsLowAndTheRateIsWellUnderTheCap() {
    PredictivePacing.Decision d = pacing.decide(measured(10, 0, 0.0));
    assertThat(d.progressive()).isFalse();
    assertThat(d.inFlight()).as("more calls than free agents").isGreaterThan(10);
    assertThat(d.place()).isEqualTo(d.inFlight());
    assertThat(d.expectedAbandon()).as("within the aim: half the 3 %% cap").isLessThanOrEqualTo(0.015);
    // one more call would exceed the aim
    assertThat(PredictivePacing.expectedAbandonShare(d.inFlight() + 1, 0.30, 10)).isGreaterThan(0.015);
  }

  @Test
  void callsAlreadyRingingAreCountedAgainstTheTarget() {
    PredictivePacing.Decision none = pacing.decide(measured(10, 0, 0.0));
    PredictivePacing.Decision some = pacing.decide(measured(10, 7, 0.0));
    assertThat(some.inFlight()).isEqualTo(none.inFlight());
    assertThat(some.place()).isEqualTo(none.inFlight() - 7);
    assertThat(pacing.decide(measured(10, 100, 0.0)).place()).as("never negative").isZero();
  }

  @Test
  void backsOffAsTheThirtyDayRateNearsTheCapThenGoesOneToOne() {
    int far = pacing.decide(measured(10, 0, 0.005)).inFlight();
    int near = pacing.decide(measured(10, 0, 0.027)).inFlight();
    PredictivePacing.Decision at = pacing.decide(measured(10, 0, 0.030));
    PredictivePacing.Decision over = pacing.decide(measured(10, 0, 0.045));
    assertThat(near).isLessThan(far).isGreaterThanOrEqualTo(10);
    assertThat(at.progressive()).isTrue();
    assertThat(at.inFlight()).as("1:1 with the free agents").isEqualTo(10);
    assertThat(over.inFlight()).isEqualTo(10);
    assertThat(pacing.aim(measured(10, 0, 0.01))).isCloseTo(0.015, within(1e-12));
    assertThat(pacing.aim(measured(10, 0, 0.0255))).isCloseTo(0.0075, within(1e-9));
  }

  @Test
  void progressiveUntilEnoughAttemptsAreMeasured() {
    PredictivePacing.Decision d = pacing.decide(
        new PredictivePacing.Measures(49, 0.3, 6_000, 95_000, 4, 0, 0, 1, 0, 3.0));
    assertThat(d).isEqualTo(new PredictivePacing.Decision(4, 3, true, 0));
  }

  @Test
  void answeredContactsWaitingTakeAgentsFirstAndSoonFreeAgentsCount() {
    PredictivePacing.Measures base = new PredictivePacing.Measures(500, 0.3, 6_000, 95_000, 5, 0, 0, 0, 0, 3.0);
    int plain = pacing.decide(base).inFlight();
    int soon = pacing.decide(new PredictivePacing.Measures(500, 0.3, 6_000, 95_000, 5, 3, 0, 0, 0, 3.0)).inFlight();
    int waiting = pacing.decide(new PredictivePacing.Measures(500, 0.3, 6_000, 95_000, 5, 0, 2, 0, 0, 3.0)).inFlight();
    assertThat(soon).isGreaterThan(plain);
    assertThat(waiting).isLessThan(plain);
    assertThat(pacing.decide(new PredictivePacing.Measures(500, 0.3, 6_000, 95_000, 2, 0, 2, 0, 0, 3.0)).inFlight())
        .as("no agent left for a new answer").isZero();
  }

  @Test
  void neverMoreThanTheMaximumRatio() {
    PredictivePacing.Decision d = pacing.decide(
        new PredictivePacing.Measures(500, 0.02, 6_000, 95_000, 10, 0, 0, 0, 0, 3.0));
    assertThat(d.inFlight()).isEqualTo(40);
  }

  @Test
  void aCapOfZeroIsAlwaysProgressive() {
    PredictivePacing.Measures m = new PredictivePacing.Measures(500, 0.3, 6_000, 95_000, 6, 0, 0, 0, 0, 0.0);
    assertThat(pacing.decide(m)).isEqualTo(new PredictivePacing.Decision(6, 6, true, 0));
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
  void theNormalApproximationAgreesWithTheExactSum() {
    // used where q^n underflows (large n, high p); compared here where both work
    double exact = PredictivePacing.expectedAbandonShare(300, 0.9, 265);
    assertThat(exact).isPositive();
    assertThat(PredictivePacing.normalShare(300, 0.9, 265)).isCloseTo(exact, within(0.002));
    assertThat(PredictivePacing.expectedAbandonShare(400, 0.9, 350)).isCloseTo(
        PredictivePacing.normalShare(400, 0.9, 350), within(1e-12));
  }

  @Test
  void soonFreeCountsAgentsNearTheEndOfAMeanCall() {
    assertThat(PredictivePacing.soonFree(List.of(10_000L, 85_000L, 87_000L, 200_000L), 95_000, 8_000)).isEqualTo(2);
    assertThat(PredictivePacing.soonFree(List.of(), 95_000, 8_000)).isZero();
  }

  @Test
  void knobsAreChecked() {
    assertThatThrownBy(() -> new PredictivePacing.Knobs(0, 0.3, 50, 4, 2000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PredictivePacing.Knobs(0.5, 0.3, 50, 0.5, 2000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
