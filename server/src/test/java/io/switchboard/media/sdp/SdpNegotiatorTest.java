package io.switchboard.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.sdp.SdpException.Kind;
import org.junit.jupiter.api.Test;

/** Offers as real implementations send them, answered as RFC 3264 requires. */
class SdpNegotiatorTest {
  /** Asterisk 18 (chan_pjsip) offer: LF line ends are also accepted, but Asterisk sends CRLF. */
  static final String ASTERISK = """
      v=0\r
      o=- 1712345678 1712345678 IN IP4 203.0.113.10\r
      s=Asterisk\r
      c=IN IP4 203.0.113.10\r
      t=0 0\r
      m=audio 17962 RTP/AVP 0 8 3 111 101\r
      a=rtpmap:0 PCMU/8000\r
      a=rtpmap:8 PCMA/8000\r
      a=rtpmap:3 GSM/8000\r
      a=rtpmap:111 G726-32/8000\r
      a=rtpmap:101 telephone-event/8000\r
      a=fmtp:101 0-16\r
      a=ptime:20\r
      a=maxptime:150\r
      a=sendrecv\r
      """;

  /** FreeSWITCH 1.10 offer: Opus first (we cannot), PCMA before PCMU, telephone-event 101, a=rtcp. */
  static final String FREESWITCH = """
      v=0
      o=FreeSWITCH 1712340000 1712340001 IN IP4 198.51.100.7
      s=FreeSWITCH
      c=IN IP4 198.51.100.7
      t=0 0
      m=audio 28104 RTP/AVP 102 9 8 0 101 13
      a=rtpmap:102 opus/48000/2
      a=fmtp:102 useinbandfec=1; maxplaybackrate=48000
      a=rtpmap:9 G722/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=rtpmap:13 CN/8000
      a=ptime:20
      a=rtcp:28105 IN IP4 198.51.100.7
      """;

  /** A carrier (session-level c=, b= lines, sendrecv at session level, a second video m-line). */
  static final String CARRIER = """
      v=0\r
      o=Sonus_UAC 386052 183735 IN IP4 192.0.2.33\r
      s=SIP Media Capabilities\r
      c=IN IP4 192.0.2.34\r
      b=AS:80\r
      t=0 0\r
      a=sendrecv\r
      m=video 40000 RTP/AVP 96\r
      a=rtpmap:96 H264/90000\r
      m=audio 26530 RTP/AVP 18 0 100\r
      a=rtpmap:18 G729/8000\r
      a=fmtp:18 annexb=no\r
      a=rtpmap:0 PCMU/8000\r
      a=rtpmap:100 telephone-event/8000\r
      a=fmtp:100 0-15\r
      a=maxptime:20\r
      """;

  /** sipp's built-in uac scenario SDP (no rtpmap at all, static PT 0 only). */
  static final String SIPP = """
      v=0
      o=user1 53655765 2353687637 IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio 6000 RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      """;

  private static NegotiatedAudio answer(String sdp) throws SdpException {
    return SdpNegotiator.answer(SdpParser.parse(sdp), "192.0.2.200", 20000, 42, 1, false);
  }

  @Test
  void asteriskGetsPcmuAndTelephoneEvent() throws Exception {
    NegotiatedAudio n = answer(ASTERISK);
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMU);
    assertThat(n.payloadType()).isZero();
    assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(n.remoteAddress()).isEqualTo("203.0.113.10");
    assertThat(n.remoteRtpPort()).isEqualTo(17962);
    assertThat(n.remoteRtcpPort()).isEqualTo(17963);
    assertThat(n.direction()).isEqualTo(Direction.SENDRECV);
    assertThat(n.answer()).isEqualTo("""
        v=0\r
        o=switchboard 42 1 IN IP4 192.0.2.200\r
        s=switchboard\r
        c=IN IP4 192.0.2.200\r
        t=0 0\r
        m=audio 20000 RTP/AVP 0 101\r
        a=rtpmap:0 PCMU/8000\r
        a=rtpmap:101 telephone-event/8000\r
        a=fmtp:101 0-15\r
        a=ptime:20\r
        a=sendrecv\r
        """);
  }

  @Test
  void freeswitchKeepsTheOfferersPreferenceAndItsRtcpPort() throws Exception {
    NegotiatedAudio n = answer(FREESWITCH);
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMA); // offered before PCMU; Opus and G722 skipped
    assertThat(n.payloadType()).isEqualTo(8);
    assertThat(n.remoteRtcpPort()).isEqualTo(28105);
    assertThat(n.answer()).contains("m=audio 20000 RTP/AVP 8 101\r\n", "a=rtpmap:8 PCMA/8000\r\n");
  }

  @Test
  void carrierVideoLineIsRejectedInPlaceAndSessionLevelAttributesApply() throws Exception {
    NegotiatedAudio n = answer(CARRIER);
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMU);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(100);
    assertThat(n.remoteAddress()).isEqualTo("192.0.2.34");
    String a = n.answer();
    assertThat(a.indexOf("m=video 0 RTP/AVP 96\r\n")).isPositive().isLessThan(a.indexOf("m=audio 20000"));
  }

  @Test
  void sippDefaultOfferWithoutTelephoneEvent() throws Exception {
    NegotiatedAudio n = answer(SIPP);
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMU);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(-1);
    assertThat(n.answer()).contains("m=audio 20000 RTP/AVP 0\r\n").doesNotContain("telephone-event");
  }

  @Test
  void directionsAreMirroredAndLegacyHoldIsInactive() throws Exception {
    assertThat(answer(SIPP + "a=sendonly\n").direction()).isEqualTo(Direction.RECVONLY);
    assertThat(answer(SIPP + "a=recvonly\n").direction()).isEqualTo(Direction.SENDONLY);
    assertThat(answer(SIPP + "a=inactive\n").answer()).contains("a=inactive");
    assertThat(answer(SIPP.replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0")).direction())
        .isEqualTo(Direction.INACTIVE);
  }

  @Test
  void rtcpMuxIsAnsweredOnlyWhenOfferedAndAllowed() throws Exception {
    SessionDescription mux = SdpParser.parse(SIPP + "a=rtcp-mux\n");
    NegotiatedAudio yes = SdpNegotiator.answer(mux, "192.0.2.200", 20000, 1, 1, true);
    assertThat(yes.rtcpMux()).isTrue();
    assertThat(yes.remoteRtcpPort()).isEqualTo(6000);
    assertThat(yes.answer()).contains("a=rtcp-mux");
    assertThat(SdpNegotiator.answer(mux, "192.0.2.200", 20000, 1, 1, false).rtcpMux()).isFalse();
  }

  @Test
  void dynamicPayloadTypeCarryingPcmuIsUnderstood() throws Exception {
    NegotiatedAudio n = answer(SIPP.replace("RTP/AVP 0", "RTP/AVP 97").replace("a=rtpmap:0", "a=rtpmap:97"));
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMU);
    assertThat(n.payloadType()).isEqualTo(97);
  }

  @Test
  void noCommonCodecOrNoAudioIsNotAcceptable() {
    assertKind(SIPP.replace("RTP/AVP 0", "RTP/AVP 18").replace("a=rtpmap:0 PCMU", "a=rtpmap:18 G729"),
        Kind.NOT_ACCEPTABLE, "m=audio");
    assertKind(SIPP.replace("m=audio 6000", "m=audio 0"), Kind.NOT_ACCEPTABLE, "m=audio");
    // SRTP without a key (SdesSdpTest covers SRTP offers)
    assertKind(SIPP.replace("RTP/AVP", "RTP/SAVP"), Kind.NOT_ACCEPTABLE, "a=crypto");
    assertKind(SIPP.replace("m=audio", "m=video"), Kind.NOT_ACCEPTABLE, "m=audio");
  }

  @Test
  void brokenSdpIsMalformedNamingTheLine() {
    assertKind("", Kind.MALFORMED, "sdp");
    assertKind("hello world", Kind.MALFORMED, "v");
    assertKind(SIPP.replace("v=0", "v=1"), Kind.MALFORMED, "v");
    assertKind(SIPP.replace("s=-\n", ""), Kind.MALFORMED, "s");
    assertKind(SIPP.replace("o=user1 53655765 2353687637 IN IP4 127.0.0.1\n", ""), Kind.MALFORMED, "o");
    assertKind(SIPP.replace("c=IN IP4 127.0.0.1\n", ""), Kind.MALFORMED, "c");
    assertKind(SIPP.replace("c=IN IP4 127.0.0.1", "c=IN IP4"), Kind.MALFORMED, "c");
    assertKind(SIPP.replace("c=IN IP4 127.0.0.1", "c=IN IP4 1.2.3.4;rm -rf"), Kind.MALFORMED, "c");
    assertKind(SIPP.replace("m=audio 6000", "m=audio 70000"), Kind.MALFORMED, "m=audio");
    assertKind(SIPP.replace("m=audio 6000", "m=audio -1"), Kind.MALFORMED, "m=audio");
    assertKind(SIPP.replace("RTP/AVP 0", "RTP/AVP PCMU"), Kind.MALFORMED, "m=audio");
    assertKind(SIPP.replace("RTP/AVP 0", "RTP/AVP 300"), Kind.MALFORMED, "m=audio");
    assertKind(SIPP.replace("m=audio 6000 RTP/AVP 0", "m=audio 6000"), Kind.MALFORMED, "m");
    assertKind(SIPP.replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:0 PCMU"), Kind.MALFORMED, "a=rtpmap");
    assertKind(SIPP + "a=ptime:abc\n", Kind.MALFORMED, "a=ptime");
    assertKind(SIPP + "garbage line\n", Kind.MALFORMED, "line 8");
    assertKind("v=0\n" + "a=x\n".repeat(5000), Kind.MALFORMED, "sdp");
  }

  private static void assertKind(String sdp, Kind kind, String field) {
    assertThatThrownBy(() -> answer(sdp))
        .isInstanceOf(SdpException.class)
        .satisfies(e -> {
          SdpException s = (SdpException) e;
          assertThat(s.kind()).as(s.getMessage()).isEqualTo(kind);
          assertThat(s.field()).as(s.getMessage()).isEqualTo(field);
        });
  }
}
