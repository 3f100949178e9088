package io.switchboard.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.sdp.SdpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebRtcOfferTest {
  /** Chromium 156's offer as captured by the prototype (fingerprint and credentials replaced). */
  static final String CHROME = String.join("\r\n",
      "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
      "a=extmap-allow-mixed", "a=msid-semantic: WMS 6f1c", "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
      "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:AbCd", "a=ice-pwd:0123456789abcdefghijklmn",
      "a=ice-options:trickle",
      "a=fingerprint:sha-256 0a:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9",
      "a=setup:actpass", "a=mid:0", "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=sendrecv",
      "a=msid:6f1c 9d2e", "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc",
      "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:63 red/48000/2", "a=rtpmap:9 G722/8000",
      "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:13 CN/8000", "a=rtpmap:110 telephone-event/48000",
      "a=rtpmap:126 telephone-event/8000", "a=ssrc:1001 cname:x", "");

  @Test
  void readsChromesOffer() throws SdpException {
    WebRtcOffer o = WebRtcOffer.parse(CHROME);
    assertThat(o.iceUfrag()).isEqualTo("AbCd");
    assertThat(o.icePwd()).isEqualTo("0123456789abcdefghijklmn");
    assertThat(o.fingerprint()).startsWith("0A:1B:").hasSize(95);
    assertThat(o.setup()).isEqualTo("actpass");
    assertThat(o.mid()).isEqualTo("0");
    assertThat(o.telephoneEventPt()).isEqualTo(126);
    assertThat(o.toString()).doesNotContain(o.icePwd());
  }

  @Test
  void sessionLevelCredentialsApply() throws SdpException {
    String moved = CHROME.replace("a=ice-ufrag:AbCd\r\n", "").replace("a=group:BUNDLE 0", "a=group:BUNDLE 0\r\na=ice-ufrag:Sess");
    assertThat(WebRtcOffer.parse(moved).iceUfrag()).isEqualTo("Sess");
  }

  @Test
  void noTelephoneEventGivesMinusOne() throws SdpException {
    String o = CHROME.replace("a=rtpmap:126 telephone-event/8000\r\n", "");
    assertThat(WebRtcOffer.parse(o).telephoneEventPt()).isEqualTo(-1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126|m=audio 9 RTP/AVP 0|m=audio",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126|m=audio 9 UDP/TLS/RTP/SAVPF 111 8|m=audio",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126|m=video 9 UDP/TLS/RTP/SAVPF 96|m=audio",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126|m=audio 0 UDP/TLS/RTP/SAVPF 0|m=audio",
      "a=ice-ufrag:AbCd|a=x:y|a=ice-ufrag",
      "a=ice-pwd:0123456789abcdefghijklmn|a=ice-pwd:short|a=ice-pwd",
      "a=fingerprint:sha-256 0a|a=fingerprint:sha-1 0a|a=fingerprint",
      "a=setup:actpass|a=setup:passive|a=setup",
      "a=rtcp-mux|a=rtcp-nomux|a=rtcp-mux",
      "a=mid:0|a=x:0|a=mid",
      "v=0|v=1|v",
  })
  void refusesNamingTheField(String from, String to, String field) {
    String bad = CHROME.replace(from, to);
    assertThat(bad).isNotEqualTo(CHROME);
    assertThatThrownBy(() -> WebRtcOffer.parse(bad)).isInstanceOf(SdpException.class)
        .extracting(e -> ((SdpException) e).field()).isEqualTo(field);
  }

  @Test
  void refusesEmptyAndHugeOffers() {
    assertThatThrownBy(() -> WebRtcOffer.parse("")).hasMessageStartingWith("sdp:");
    assertThatThrownBy(() -> WebRtcOffer.parse(null)).hasMessageStartingWith("sdp:");
    assertThatThrownBy(() -> WebRtcOffer.parse(CHROME + "a=x:" + "y".repeat(20_000)))
        .hasMessageStartingWith("sdp:");
  }

  @Test
  void activeSetupIsAccepted() throws SdpException {
    assertThat(WebRtcOffer.parse(CHROME.replace("a=setup:actpass", "a=setup:active")).setup()).isEqualTo("active");
  }

  @Test
  void answerHasTheVerifiedShape() throws SdpException {
    WebRtcOffer o = WebRtcOffer.parse(CHROME);
    String a = WebRtcAnswer.build(o, "uf", "pw", "AA:BB", "192.0.2.7", 40000, 2130706431L, 42);
    assertThat(a).contains("a=group:BUNDLE 0\r\n", "m=audio 40000 UDP/TLS/RTP/SAVPF 0 126\r\n",
        "c=IN IP4 192.0.2.7\r\n", "a=ice-ufrag:uf\r\n", "a=ice-pwd:pw\r\n", "a=fingerprint:sha-256 AA:BB\r\n",
        "a=setup:passive\r\n", "a=mid:0\r\n", "a=rtcp-mux\r\n", "a=rtpmap:0 PCMU/8000\r\n",
        "a=rtpmap:126 telephone-event/8000\r\n", "a=candidate:1 1 udp 2130706431 192.0.2.7 40000 typ host\r\n",
        "a=end-of-candidates\r\n");
    assertThat(a).startsWith("v=0\r\n").doesNotContain("extmap", "a=crypto", "actpass");
    String noTe = WebRtcAnswer.build(WebRtcOffer.parse(CHROME.replace("a=rtpmap:126 telephone-event/8000\r\n", "")),
        "uf", "pw", "AA", "192.0.2.7", 40000, 1, 1);
    assertThat(noTe).contains("m=audio 40000 UDP/TLS/RTP/SAVPF 0\r\n").doesNotContain("telephone-event");
  }
}
