package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The wait estimate's formula and how it is rounded for callers. */
class WaitEstimateTest {

  @Test
  void positionTimesHandleTimeOverStaffedAgents() {
    assertThat(WaitEstimate.seconds(1, 4, 240_000)).isEqualTo(60);
    assertThat(WaitEstimate.seconds(8, 4, 240_000)).isEqualTo(480);
    assertThat(new WaitEstimate(3, 2, 100_000).seconds()).isEqualTo(150);
  }

  @Test
  void growsWithPositionAndShrinksWithStaffing() {
    assertThat(WaitEstimate.seconds(2, 3, 180_000)).isGreaterThan(WaitEstimate.seconds(1, 3, 180_000));
    assertThat(WaitEstimate.seconds(2, 6, 180_000)).isLessThan(WaitEstimate.seconds(2, 3, 180_000));
  }

  @Test
  void roundsUpToWholeSeconds() {
    assertThat(WaitEstimate.seconds(1, 3, 100_000)).isEqualTo(34);  // 33.3 s
  }

  @Test
  void notWaitingIsZeroAndNobodyStaffedCountsAsOneAgent() {
    assertThat(WaitEstimate.seconds(0, 5, 180_000)).isZero();
    assertThat(WaitEstimate.seconds(2, 0, 180_000)).isEqualTo(360);
  }

  @Test
  void callersHearRoundNumbers() {
    assertThat(WaitEstimate.announcedMinutes(0)).isZero();
    assertThat(WaitEstimate.announcedMinutes(59)).as("less than a minute").isZero();
    assertThat(WaitEstimate.announcedMinutes(60)).isEqualTo(1);
    assertThat(WaitEstimate.announcedMinutes(89)).isEqualTo(1);
    assertThat(WaitEstimate.announcedMinutes(90)).isEqualTo(2);
    assertThat(WaitEstimate.announcedMinutes(250)).isEqualTo(4);
    assertThat(WaitEstimate.announcedMinutes(9 * 60 + 29)).isEqualTo(9);
    assertThat(WaitEstimate.announcedMinutes(13 * 60)).isEqualTo(15);  // nearest 5 from 10 minutes on
    assertThat(WaitEstimate.announcedMinutes(37 * 60)).isEqualTo(35);
    assertThat(WaitEstimate.announcedMinutes(94 * 60)).isEqualTo(90);  // nearest 10 from an hour on
  }
}
