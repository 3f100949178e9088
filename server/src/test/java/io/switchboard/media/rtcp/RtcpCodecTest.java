package io.switchboard.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.rtcp.RtcpPacket.Bye;
import io.switchboard.media.rtcp.RtcpPacket.ReceiverReport;
import io.switchboard.media.rtcp.RtcpPacket.ReportBlock;
import io.switchboard.media.rtcp.RtcpPacket.SenderReport;
import io.switchboard.media.rtcp.RtcpPacket.SourceDescription;
import io.switchboard.media.rtp.RtpFormatException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpCodecTest {
  private static final ReportBlock BLOCK = new ReportBlock(0x11223344, 25, -3, 0x1FFFF, 77, 0xAABBCCDDL, 65536);

  @Test
  void roundTripsACompoundSrSdesBye() throws Exception {
    long ntp = NtpTime.fromUnixMillis(1_700_000_000_123L);
    List<RtcpPacket> in = List.of(
        new SenderReport(0xCAFEBABE, ntp, 0xFFFFFFF0L, 1234, 197_440, List.of(BLOCK)),
        new SourceDescription(List.of(new SourceDescription.Chunk(0xCAFEBABE, "call-7@switchboard"))),
        new Bye(List.of(0xCAFEBABE), "call ended"));
    byte[] wire = RtcpCodec.serialize(in);
    assertThat(wire.length % 4).isZero();
    assertThat(RtcpCodec.parse(wire, 0, wire.length)).isEqualTo(in);
  }

  @Test
  void sdesWithAnExactlyAlignedNameStillEndsWithANullItem() throws Exception {
    // 2 + 2 name octets = 4: RFC 3550 6.5 still needs a null octet, so the chunk grows to 12 bytes
    List<RtcpPacket> in = List.of(new ReceiverReport(1, List.of()),
        new SourceDescription(List.of(new SourceDescription.Chunk(1, "ab"))));
    byte[] wire = RtcpCodec.serialize(in);
    assertThat(wire).hasSize(8 + 4 + 12);
    assertThat(RtcpCodec.parse(wire, 0, wire.length)).isEqualTo(in);
  }

  @Test
  void receiverReportWithoutBlocksAndNegativeLoss() throws Exception {
    List<RtcpPacket> in = List.of(new ReceiverReport(5, List.of(BLOCK, new ReportBlock(9, 0, 0, 0, 0, 0, 0))));
    byte[] wire = RtcpCodec.serialize(in);
    ReceiverReport rr = (ReceiverReport) RtcpCodec.parse(wire, 0, wire.length).get(0);
    assertThat(rr.reports().get(0).cumulativeLost()).isEqualTo(-3);
    assertThat(rr).isEqualTo(in.get(0));
  }

  @Test
  void ntpTimeRoundTripsToTheMillisecond() {
    long ms = 1_763_800_000_456L;
    long ntp = NtpTime.fromUnixMillis(ms);
    assertThat(NtpTime.toUnixMillis(ntp)).isEqualTo(ms);
    assertThat(ntp >>> 32).isEqualTo(ms / 1000 + NtpTime.EPOCH_OFFSET_SECONDS);
  }

  @Test
  void rejectsInvalidCompounds() {
    assertReason("81C9 0007 00000001", "bad-length"); // RR claims 32 bytes, has 8
    assertReason("41C9 0001 00000001", "bad-version");
    assertReason("81CA 0001 00000001", "bad-compound"); // SDES first
    assertReason("80C9 0001 00000001 00", "bad-length"); // stray trailing byte
    assertReason("A0C9 0001 00000000", "bad-padding"); // padding count 0
    assertReason("80C8 0001 00000001", "bad-length"); // SR without sender info
  }

  @Test
  void randomBytesNeverCrashTheParser() {
    Random r = new Random(3551);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[4 * r.nextInt(16)];
      r.nextBytes(b);
      if (b.length > 3) {
        b[0] = (byte) (0x80 | (b[0] & 0x3F));
        b[1] = (byte) (200 + r.nextInt(5));
        b[2] = 0;
        b[3] = (byte) r.nextInt(b.length / 4);
      }
      try {
        RtcpCodec.parse(b, 0, b.length);
      } catch (RtpFormatException expected) {
        assertThat(expected.reason()).isNotBlank();
      }
    }
  }

  private static void assertReason(String hex, String reason) {
    byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
    assertThatThrownBy(() -> RtcpCodec.parse(b, 0, b.length))
        .isInstanceOf(RtpFormatException.class)
        .satisfies(e -> assertThat(((RtpFormatException) e).reason()).isEqualTo(reason));
  }
}
