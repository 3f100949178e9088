package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpRewriterTest {
  @Test
  void keepsTimestampDistancesAndReanchorsOnANewSsrcOrResync() {
    RtpRewriter r = new RtpRewriter();
    assertThat(r.map(1, 65535, 0xFFFFFF00L, () -> 1000)).isEqualTo(1000);
    assertThat(r.startedStream()).isTrue();
    assertThat(r.map(1, 0, 0xFFFFFF00L + 160 & 0xFFFFFFFFL, () -> 0)).as("wraps").isEqualTo(1160);
    assertThat(r.startedStream()).isFalse();
    assertThat(r.map(1, 65535, 0xFFFFFF00L, () -> 0)).as("late").isEqualTo(RtpRewriter.DROP);
    assertThat(r.map(2, 5, 77, () -> 5000)).isEqualTo(5000);
    assertThat(r.startedStream()).isTrue();
    r.resync();
    assertThat(r.map(2, 6, 237, () -> 9000)).isEqualTo(9000);
    assertThat(r.map(2, 8, 557, () -> 0)).as("a gap keeps its length").isEqualTo(9320);
  }
}
