package io.switchboard.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.rtcp.RtcpCodec;
import io.switchboard.media.rtcp.RtcpPacket;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.SdesCrypto;
import io.switchboard.media.sdp.SdesKeys;
import io.switchboard.media.sdp.SrtpSuite;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two legs' transforms with each other's keys, as SDES pairs them: what one protects the other recovers. */
class SrtpTransformTest {
  final MediaCounters aCounters = new MediaCounters();
  final MediaCounters bCounters = new MediaCounters();

  SrtpTransform[] pair(SrtpSuite suite) {
    SdesCrypto a = SdesCrypto.fresh(1, suite);
    SdesCrypto b = SdesCrypto.fresh(1, suite);
    return new SrtpTransform[] {
        SrtpTransform.of(new SdesKeys(a, b), aCounters), SrtpTransform.of(new SdesKeys(b, a), bCounters)};
  }

  static byte[] rtp(int seq) {
    byte[] payload = new byte[160];
    Arrays.fill(payload, (byte) (0x55 + seq));
    return RtpCodec.serialize(RtpPacket.of(false, 0, seq, 160L * seq, 0x1234abcd, payload));
  }

  @Test
  void rtpRoundTripsEncryptedAndAuthenticatedWithEitherSuite() {
    for (SrtpSuite suite : SrtpSuite.values()) {
      SrtpTransform[] t = pair(suite);
      for (int seq = 100; seq < 110; seq++) {
        byte[] plain = rtp(seq);
        byte[] original = plain.clone();
        SrtpTransform.Packet p = t[0].protectRtp(plain, plain.length);
        assertThat(p).isNotNull();
        assertThat(plain).as("the caller's buffer is left alone").isEqualTo(original);
        assertThat(p.length()).isEqualTo(plain.length + suite.rtpTagLength);
        byte[] wire = Arrays.copyOf(p.buffer(), p.length());
        assertThat(Arrays.copyOfRange(wire, 0, 12)).as("header in clear").isEqualTo(Arrays.copyOf(plain, 12));
        assertThat(Arrays.copyOfRange(wire, 12, plain.length)).as("payload encrypted")
            .isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
        int len = t[1].unprotectRtp(wire, wire.length);
        assertThat(Arrays.copyOf(wire, len)).as(suite + " seq " + seq).isEqualTo(plain);
      }
      assertThat(bCounters.rejections()).isEmpty();
    }
  }

  @Test
  void aTamperedReplayedOrForeignPacketIsDroppedAndCounted() {
    SrtpTransform[] t = pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    byte[] plain = rtp(7);
    SrtpTransform.Packet p = t[0].protectRtp(plain, plain.length);
    byte[] wire = Arrays.copyOf(p.buffer(), p.length());

    byte[] tampered = wire.clone();
    tampered[20] ^= 1;
    assertThat(t[1].unprotectRtp(tampered, tampered.length)).isEqualTo(-1);
    assertThat(bCounters.rejectedCount("srtp-auth")).isEqualTo(1);

    assertThat(t[1].unprotectRtp(wire.clone(), wire.length)).isEqualTo(plain.length);
    assertThat(t[1].unprotectRtp(wire.clone(), wire.length)).as("replayed").isEqualTo(-1);
    assertThat(bCounters.rejectedCount("srtp-auth")).isEqualTo(2);

    // someone else's keys (a stranger who knows the port): never authenticates
    SrtpTransform stranger = pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80)[0];
    SrtpTransform.Packet forged = stranger.protectRtp(rtp(8), 172);
    assertThat(t[1].unprotectRtp(forged.buffer(), forged.length())).isEqualTo(-1);
    // plain RTP sent to an SRTP leg: dropped
    assertThat(t[1].unprotectRtp(rtp(9), 172)).isEqualTo(-1);
    assertThat(t[1].unprotectRtp(new byte[10], 10)).as("too short").isEqualTo(-1);
    assertThat(bCounters.rejectedCount("srtp-auth")).isEqualTo(5);
  }

  @Test
  void rtcpRoundTripsWithTheEightyBitTagEvenOnThe32BitSuite() throws Exception {
    SrtpTransform[] t = pair(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    List<RtcpPacket> report = List.of(new RtcpPacket.ReceiverReport(0x1234abcd, List.of()),
        new RtcpPacket.SourceDescription(List.of(new RtcpPacket.SourceDescription.Chunk(0x1234abcd, "sb-test"))));
    byte[] plain = RtcpCodec.serialize(report);
    SrtpTransform.Packet p = t[0].protectRtcp(plain, plain.length);
    assertThat(p.length()).as("E flag + index, 80-bit tag").isEqualTo(plain.length + 4 + 10);
    byte[] wire = Arrays.copyOf(p.buffer(), p.length());
    assertThat(Arrays.copyOfRange(wire, 8, plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 8, plain.length));
    int len = t[1].unprotectRtcp(wire, wire.length);
    assertThat(Arrays.copyOf(wire, len)).isEqualTo(plain);
    assertThat(RtcpCodec.parse(wire, 0, len)).hasSize(2);

    byte[] again = Arrays.copyOf(p.buffer(), p.length());
    again[again.length - 1] ^= 1;
    assertThat(t[1].unprotectRtcp(again, again.length)).isEqualTo(-1);
    assertThat(bCounters.rejectedCount("srtcp-auth")).isEqualTo(1);
  }
}
