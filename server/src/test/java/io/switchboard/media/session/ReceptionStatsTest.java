package io.switchboard.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.rtcp.RtcpPacket.ReportBlock;
import org.junit.jupiter.api.Test;

/** RFC 3550 appendix A.3 (loss) and A.8 (jitter) on hand-made arrival patterns. */
class ReceptionStatsTest {
  @Test
  void countsLossAndFractionPerInterval() {
    ReceptionStats s = new ReceptionStats();
    for (int seq = 0; seq < 10; seq++) {
      if (seq != 3 && seq != 4 && seq != 7) {
        s.onPacket(seq, seq * 160L, seq * 160L);
      }
    }
    ReportBlock b = s.reportBlock(1, 0);
    assertThat(b.cumulativeLost()).isEqualTo(3);
    assertThat(b.fractionLost()).isEqualTo(3 * 256 / 10);
    assertThat(b.extendedHighestSeq()).isEqualTo(9);
    for (int seq = 10; seq < 20; seq++) {
      s.onPacket(seq, seq * 160L, seq * 160L);
    }
    ReportBlock next = s.reportBlock(1, 0);
    assertThat(next.fractionLost()).isZero(); // nothing lost in this interval
    assertThat(next.cumulativeLost()).isEqualTo(3);
  }

  @Test
  void extendsTheSequenceAcrossWrapAround() {
    ReceptionStats s = new ReceptionStats();
    for (int i = 0; i < 4; i++) {
      s.onPacket((65534 + i) & 0xFFFF, i * 160L, i * 160L);
    }
    assertThat(s.reportBlock(1, 0).extendedHighestSeq()).isEqualTo(65536 + 1);
  }

  @Test
  void jitterIsZeroForSteadyArrivalAndGrowsWithVariation() {
    ReceptionStats steady = new ReceptionStats();
    ReceptionStats shaky = new ReceptionStats();
    for (int i = 0; i < 200; i++) {
      steady.onPacket(i, i * 160L, 1000 + i * 160L);
      shaky.onPacket(i, i * 160L, 1000 + i * 160L + (i % 2 == 0 ? 0 : 80)); // every other packet 10 ms late
    }
    assertThat(steady.reportBlock(1, 0).jitter()).isZero();
    assertThat(shaky.reportBlock(1, 0).jitter()).isBetween(75L, 80L); // J converges to the mean |D| = 80
  }

  @Test
  void delaySinceLastSrIsIn65536thsOfASecond() {
    ReceptionStats s = new ReceptionStats();
    s.onPacket(1, 0, 0);
    s.onSenderReport(0x12345678L, 1_000_000_000L);
    ReportBlock b = s.reportBlock(1, 1_500_000_000L);
    assertThat(b.lastSr()).isEqualTo(0x12345678L);
    assertThat(b.delaySinceLastSr()).isEqualTo(32768);
  }
}
