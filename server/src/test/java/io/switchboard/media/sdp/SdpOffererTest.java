package io.switchboard.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.sdp.SdpException.Kind;
import org.junit.jupiter.api.Test;

class SdpOffererTest {
  static final String OFFER = SdpOfferer.offer("192.0.2.10", 20002, 42, 1);

  static String answer(String media) {
    return "v=0\r\no=trunk 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n" + media;
  }

  static NegotiatedAudio apply(String media) throws SdpException {
    return SdpOfferer.applyAnswer(SdpParser.parse(answer(media)), OFFER);
  }

  @Test
  void theOfferIsValidSdpWithG711AndTelephoneEventOnOurPort() throws SdpException {
    SessionDescription d = SdpParser.parse(OFFER);
    MediaDescription m = d.media().get(0);
    assertThat(d.connection()).isEqualTo("192.0.2.10");
    assertThat(m.port()).isEqualTo(20002);
    assertThat(m.proto()).isEqualTo("RTP/AVP");
    assertThat(m.formats()).containsExactly("0", "8", "101");
    assertThat(m.rtpmaps().get(101).encoding()).isEqualTo("telephone-event");
    assertThat(m.direction()).isEqualTo(Direction.SENDRECV);
    assertThat(SdpOfferer.offer("2001:db8::1", 20002, 42, 1)).contains("c=IN IP6 2001:db8::1\r\n");
    // our own answerer accepts our offer: the two sides agree
    assertThat(SdpNegotiator.answer(d, "127.0.0.1", 30000, 1, 1, false).codec()).isEqualTo(AudioCodec.PCMU);
  }

  @Test
  void theAnswerersCodecChoiceAndTelephoneEventAreApplied() throws SdpException {
    NegotiatedAudio n = apply("m=audio 40000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\n");
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMA);
    assertThat(n.payloadType()).isEqualTo(8);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(n.remoteAddress()).isEqualTo("198.51.100.7");
    assertThat(n.remoteRtpPort()).isEqualTo(40000);
    assertThat(n.remoteRtcpPort()).isEqualTo(40001);
    assertThat(n.direction()).isEqualTo(Direction.SENDRECV);
    assertThat(n.answer()).isEqualTo(OFFER);
  }

  @Test
  void staticPcmuWithoutRtpmapNoTelephoneEventAndASendonlyAnswer() throws SdpException {
    NegotiatedAudio n = apply("m=audio 40000 RTP/AVP 0\r\na=sendonly\r\na=rtcp:40011\r\n");
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMU);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(-1);
    assertThat(n.direction()).as("they only send: we only receive").isEqualTo(Direction.RECVONLY);
    assertThat(n.remoteRtcpPort()).isEqualTo(40011);
  }

  @Test
  void answersThatDoNotFitTheOfferAreRefusedNamingWhy() {
    assertThatThrownBy(() -> apply("m=audio 0 RTP/AVP 0\r\n"))
        .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_ACCEPTABLE))
        .hasMessageContaining("port 0");
    assertThatThrownBy(() -> apply("m=audio 40000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n"))
        .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_ACCEPTABLE))
        .hasMessageContaining("PCMU");
    assertThatThrownBy(() -> apply("m=audio 40000 RTP/AVP 96\r\na=rtpmap:96 PCMU/8000\r\n"))
        .as("PCMU under a payload type we did not offer").isInstanceOf(SdpException.class);
    assertThatThrownBy(() -> apply("m=audio 40000 RTP/AVP 0\r\nm=video 40002 RTP/AVP 96\r\n"))
        .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
        .hasMessageContaining("media lines");
  }
}
