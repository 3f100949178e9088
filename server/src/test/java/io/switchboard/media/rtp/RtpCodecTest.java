package io.switchboard.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpCodecTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void parsesAKnownPcmuPacket() throws Exception {
    // V=2 P=0 X=0 CC=0 | M=1 PT=0 | seq 0x1234 | ts 0xDEADBEEF | ssrc 0xCAFEBABE | payload FF FF
    RtpPacket p = RtpCodec.parse(hex("80 80 1234 DEADBEEF CAFEBABE FFFF"));
    assertThat(p.marker()).isTrue();
    assertThat(p.payloadType()).isZero();
    assertThat(p.sequence()).isEqualTo(0x1234);
    assertThat(p.timestamp()).isEqualTo(0xDEADBEEFL);
    assertThat(p.ssrc()).isEqualTo(0xCAFEBABE);
    assertThat(p.payload()).containsExactly(0xFF, 0xFF);
  }

  @Test
  void roundTripsCsrcExtensionAndAllFieldRanges() throws Exception {
    RtpPacket p = new RtpPacket(true, 101, 65535, 0xFFFFFFFFL, -1, new int[] {1, 0x80000000}, 0xBEDE,
        new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, new byte[] {9, 8, 7});
    byte[] wire = RtpCodec.serialize(p);
    assertThat(wire).hasSize(12 + 8 + 4 + 8 + 3);
    assertThat(RtpCodec.parse(wire)).isEqualTo(p);
    RtpPacket plain = RtpPacket.of(false, 8, 0, 0, 42, new byte[160]);
    assertThat(RtpCodec.parse(RtpCodec.serialize(plain))).isEqualTo(plain);
  }

  @Test
  void stripsPadding() throws Exception {
    // P=1, payload AA BB then 2 padding octets (last one holds the count)
    RtpPacket p = RtpCodec.parse(hex("A0 00 0001 00000001 00000002 AABB 0002"));
    assertThat(p.payload()).containsExactly(0xAA, 0xBB);
  }

  @Test
  void rejectsMalformedPacketsWithAReason() {
    assertReason("80 00 0001", "too-short");
    assertReason("40 00 0001 00000001 00000002", "bad-version"); // V=1
    assertReason("C0 00 0001 00000001 00000002", "bad-version"); // V=3
    assertReason("83 00 0001 00000001 00000002 00000003", "bad-length"); // CC=3, one CSRC present
    assertReason("90 00 0001 00000001 00000002 BEDE 0002 00000000", "bad-length"); // X: 2 words, 1 present
    assertReason("A0 00 0001 00000001 00000002 AABB 0000", "bad-padding"); // padding count 0
    assertReason("A0 00 0001 00000001 00000002 AABB 00FF", "bad-padding"); // padding beyond the packet
    assertReason("80 C8 0001 00000001 00000002", "rtcp-in-rtp"); // PT 72 with M: an RTCP SR on the RTP port
  }

  @Test
  void randomBytesNeverCrashTheParser() {
    Random r = new Random(3550);
    int ok = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[r.nextInt(40)];
      r.nextBytes(b);
      if (r.nextBoolean() && b.length > 0) {
        b[0] = (byte) (0x80 | (b[0] & 0x3F)); // half of them with version 2 to reach the deeper checks
      }
      try {
        RtpPacket p = RtpCodec.parse(b);
        ok++;
        assertThat(p.size()).isLessThanOrEqualTo(b.length);
      } catch (RtpFormatException expected) {
        assertThat(expected.reason()).isNotBlank();
      }
    }
    assertThat(ok).isPositive();
  }

  @Test
  void demultiplexesRtcpFromRtpByTheSecondByte() {
    assertThat(RtpCodec.looksLikeRtcp(hex("80C8"), 2)).isTrue(); // SR
    assertThat(RtpCodec.looksLikeRtcp(hex("80CB"), 2)).isTrue(); // BYE
    assertThat(RtpCodec.looksLikeRtcp(hex("8000"), 2)).isFalse(); // PCMU
    assertThat(RtpCodec.looksLikeRtcp(hex("80E5"), 2)).isFalse(); // PT 101 with marker
  }

  private static void assertReason(String packet, String reason) {
    assertThatThrownBy(() -> RtpCodec.parse(hex(packet)))
        .isInstanceOf(RtpFormatException.class)
        .satisfies(e -> assertThat(((RtpFormatException) e).reason()).isEqualTo(reason));
  }

  @Test
  void serialisingIntoABufferWritesTheSameBytesAndSaysHowMany() {
    RtpPacket p = RtpPacket.of(true, 0, 4242, 160_000L, 0x1234_5678, new byte[160]);
    byte[] buffer = new byte[1500];
    java.util.Arrays.fill(buffer, (byte) 0x55);
    int len = RtpCodec.serializeInto(p, buffer);
    assertThat(len).isEqualTo(172);
    assertThat(java.util.Arrays.copyOf(buffer, len)).isEqualTo(RtpCodec.serialize(p));
    assertThat(buffer[len]).isEqualTo((byte) 0x55);
    assertThat(RtpCodec.serialize(p, 32)).hasSize(204).startsWith(RtpCodec.serialize(p));
  }
}
