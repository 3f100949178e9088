package io.switchboard.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.webrtc.WebRtcLeg.State;
import java.security.SecureRandom;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Demux, deadlines (pure functions of an injected time) and the SRTP key split. */
class WebRtcPartsTest {

  @org.junit.jupiter.api.BeforeAll
  static void skipJitsiAesBenchmark() {
    WebRtcNode.warmUpSrtp();
  }

  @Test
  void demuxFollowsRfc7983() {
    assertThat(Demux.of(new byte[] {22, 0}, 0, 2)).isEqualTo(Demux.DTLS);
    assertThat(Demux.of(new byte[] {20}, 0, 1)).isEqualTo(Demux.DTLS);
    assertThat(Demux.of(new byte[] {63}, 0, 1)).isEqualTo(Demux.DTLS);
    byte[] rtp = new byte[12];
    rtp[0] = (byte) 0x80;
    rtp[1] = (byte) 0x80; // marker + PT 0
    assertThat(Demux.of(rtp, 0, 12)).isEqualTo(Demux.RTP);
    rtp[1] = 126;
    assertThat(Demux.of(rtp, 0, 12)).isEqualTo(Demux.RTP);
    rtp[1] = (byte) 200; // SR
    assertThat(Demux.of(rtp, 0, 12)).isEqualTo(Demux.RTCP);
    rtp[1] = (byte) 223;
    assertThat(Demux.of(rtp, 0, 12)).isEqualTo(Demux.RTCP);
    assertThat(Demux.of(rtp, 0, 11)).isEqualTo(Demux.OTHER);
    assertThat(Demux.of(new byte[] {0, 1}, 0, 2)).isEqualTo(Demux.OTHER); // STUN never reaches us, but still
    assertThat(Demux.of(new byte[] {64}, 0, 1)).isEqualTo(Demux.OTHER);
    assertThat(Demux.of(new byte[0], 0, 0)).isEqualTo(Demux.OTHER);
    assertThat(Demux.of(new byte[] {99, 99, 22}, 2, 1)).isEqualTo(Demux.DTLS);
  }

  @Test
  void connectDeadlineBlamesIceOrDtls() {
    assertThat(LegTimers.verdict(State.CONNECTING, 9_999, 0, 0, false, 10_000, 30_000)).isNull();
    assertThat(LegTimers.verdict(State.CONNECTING, 10_000, 0, 0, false, 10_000, 30_000)).isEqualTo("ice-timeout");
    assertThat(LegTimers.verdict(State.CONNECTING, 10_000, 0, 9_000, true, 10_000, 30_000))
        .isEqualTo("dtls-failed");
  }

  @Test
  void consentExpiresAfterSilenceOnly() {
    assertThat(LegTimers.verdict(State.CONNECTED, 100_000, 0, 70_001, true, 10_000, 30_000)).isNull();
    assertThat(LegTimers.verdict(State.CONNECTED, 100_000, 0, 70_000, true, 10_000, 30_000))
        .isEqualTo("consent-expired");
    assertThat(LegTimers.verdict(State.CLOSED, 1_000_000, 0, 0, true, 10_000, 30_000)).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM})
  void srtpRoundTripsBetweenClientAndServerKeys(int profile) throws Exception {
    byte[] material = new byte[SrtpSession.keyingMaterialLength(profile)];
    new SecureRandom().nextBytes(material);
    try (SrtpSession server = SrtpSession.create(profile, material.clone(), true);
        SrtpSession client = SrtpSession.create(profile, material.clone(), false)) {
      byte[] rtp = TestRtp.tone(1000, 1, 0x01020304).get(0);
      PacketBuffer p = PacketBuffer.copyOf(rtp, 0, rtp.length);
      assertThat(server.protectRtp(p)).isEqualTo(SrtpErrorStatus.OK);
      assertThat(p.getLength()).isEqualTo(rtp.length
          + (profile == SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM ? 16 : 10));
      byte[] wire = java.util.Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength());
      PacketBuffer q = new PacketBuffer(wire.clone(), 0, wire.length);
      assertThat(client.unprotectRtp(q)).isEqualTo(SrtpErrorStatus.OK);
      assertThat(java.util.Arrays.copyOfRange(q.getBuffer(), 0, q.getLength())).isEqualTo(rtp);
      // the sender cannot decrypt its own packets (keys differ per direction), and a flipped bit fails auth
      wire[wire.length - 1] ^= 1;
      assertThat(client.unprotectRtp(new PacketBuffer(wire, 0, wire.length))).isNotEqualTo(SrtpErrorStatus.OK);
    }
  }

  @Test
  void fingerprintIsUpperCaseSha256() {
    String fp = DtlsIdentity.fingerprint(new byte[] {1, 2, 3});
    assertThat(fp).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")
        .startsWith("03:90:58:C6:F2:C0:CB:49:2C:53:3B:0A:4D:14:EF:77");
  }
}
