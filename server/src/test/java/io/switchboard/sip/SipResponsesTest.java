package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipResponsesTest {
  private final SipParser parser = new SipParser();

  private SipRequest invite(String... extra) throws SipParseException {
    String[] base = {
        "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKnashds8;received=192.0.2.1",
        "Via: SIP/2.0/UDP bigbox3.site3.example.com;branch=z9hG4bK77ef4c2312983.1",
        "Max-Forwards: 70", "To: Bob <sip:bob@example.com>", "From: Alice <sip:alice@example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710", "CSeq: 314159 INVITE", "Contact: <sip:alice@pc33.example.com>",
        "Record-Route: <sip:p1.example.com;lr>", "Content-Type: application/sdp"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return (SipRequest) parser.parse(Msg.of("INVITE sip:bob@example.com SIP/2.0", "v=0\r\n", all));
  }

  @Test
  void copiesViaFromToCallIdAndCseqInOrder() throws Exception {
    SipResponse r = SipResponses.create(invite(), 486, "Busy Here");
    assertThat(r.headers().asList()).extracting(SipHeader::name)
        .containsExactly("Via", "Via", "From", "To", "Call-ID", "CSeq");
    assertThat(r.vias()).extracting(Via::host).containsExactly("pc33.example.com", "bigbox3.site3.example.com");
    assertThat(r.topVia().received()).contains("192.0.2.1");
    assertThat(r.from().tag()).contains("1928301774");
    assertThat(r.to().tag()).isEmpty();
    assertThat(r.callId()).isEqualTo("a84b4c76e66710");
    assertThat(r.cseq()).isEqualTo(new CSeq(314159, "INVITE"));
    assertThat(r.contentLength()).isZero();
    assertThat(new String(SipSerializer.serialize(r), StandardCharsets.UTF_8))
        .startsWith("SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n")
        .endsWith("CSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void addsTheToTagOnlyWhenAskedAndAbsentAndNotOnA100() throws Exception {
    assertThat(SipResponses.create(invite(), 180, "Ringing", "a6c85cf").to().tag()).contains("a6c85cf");
    assertThat(SipResponses.create(invite(), 100, "Trying", "a6c85cf").to().tag()).isEmpty();
    SipRequest reInvite = invite().withHeaders(invite().headers().with("To", "<sip:bob@example.com>;tag=existing"));
    assertThat(SipResponses.create(reInvite, 200, "OK", "other").to().tag()).contains("existing");
    assertThatThrownBy(() -> SipResponses.create(invite(), 200, "OK", "bad tag"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addsTheTagToAnAddrSpecToAsAHeaderParameter() throws Exception {
    SipRequest r = invite().withHeaders(invite().headers().with("To", "sip:bob@example.com"));
    NameAddr to = SipResponses.create(r, 200, "OK", "x1").to();
    assertThat(to.tag()).contains("x1");
    assertThat(to.sipUri().orElseThrow().params().size()).isZero();
  }

  @Test
  void a100CopiesTheTimestamp() throws Exception {
    SipRequest r = invite("Timestamp: 54");
    assertThat(SipResponses.create(r, 100).headers().first("Timestamp")).contains("54");
    assertThat(SipResponses.create(r, 180).headers().contains("Timestamp")).isFalse();
  }

  @Test
  void defaultReasonPhrases() throws Exception {
    assertThat(SipResponses.create(invite(), 404).reason()).isEqualTo("Not Found");
    assertThat(SipResponses.reason(299)).isEqualTo("Status 299");
  }

  @Test
  void aResponseReparsesToItself() throws Exception {
    SipResponse r = SipResponses.create(invite(), 200, "OK", "t1");
    assertThat(parser.parse(SipSerializer.serialize(r))).isEqualTo(r);
  }

  @Test
  void refusesStatusesOutOfRangeAndControlCharactersInReasons() {
    assertThatThrownBy(() -> SipResponses.create(invite(), 99, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipResponses.create(invite(), 200, "OK\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
