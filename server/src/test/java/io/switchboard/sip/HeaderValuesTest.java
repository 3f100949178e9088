package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderValuesTest {

  @Test
  void aServerStampsReceivedAndRportOnTheTopVia() {
    Via v = Via.parse("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKabc;rport");
    assertThat(v.hasRport()).isTrue();
    assertThat(v.rport()).isEmpty();
    Via stamped = v.withParam("received", "198.51.100.7").withParam("rport", "40000");
    assertThat(stamped.format()).isEqualTo("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKabc;rport=40000;received=198.51.100.7");
    assertThat(stamped.rport()).hasValue(40000);
    assertThatThrownBy(() -> v.withParam("received", "not-an-ip")).isInstanceOf(SipSyntaxException.class);
  }

  /** RFC 5118 §4.5: an IPv6 received is written bare (RFC 3261's via-received) and read bare or bracketed. */
  @Test
  void anIpv6ReceivedIsWrittenBareAndReadEitherWay() {
    Via v = Via.parse("SIP/2.0/TCP [::1]:5060;branch=z9hG4bKabc;rport");
    Via stamped = v.withParam("received", "::1").withParam("rport", "40000");
    assertThat(stamped.format()).isEqualTo("SIP/2.0/TCP [::1]:5060;branch=z9hG4bKabc;rport=40000;received=::1");
    assertThat(Via.parse(stamped.format()).received()).contains("::1");
    assertThat(Via.parse("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111")
        .received()).contains("2001:db8::9:255");
    assertThat(Via.parse("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3")
        .received()).contains("2001:db8::9:255");
    assertThat(Via.parse("SIP/2.0/UDP h;received=::ffff:192.0.2.2;branch=z9hG4bK1").received())
        .contains("::ffff:192.0.2.2");
    assertThatThrownBy(() -> Via.parse("SIP/2.0/UDP h;received=2001:db8:::1;branch=z9hG4bK1"))
        .isInstanceOf(SipSyntaxException.class);
    assertThatThrownBy(() -> Via.parse("SIP/2.0/UDP h;received=[1.2.3.4];branch=z9hG4bK1"))
        .isInstanceOf(SipSyntaxException.class);
  }

  @Test
  void viaOfBuildsAHopWithAnRfc3261Branch() {
    Via v = Via.of("TCP", "[2001:db8::1]", 5060, "z9hG4bK-1");
    assertThat(v.format()).isEqualTo("SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bK-1");
    assertThat(v.hasRfc3261Branch()).isTrue();
    assertThat(Via.of("UDP", "h.example.com", -1, "x").port()).isEqualTo(-1);
  }

  @Test
  void nameAddrFormatsCanonicallyAndQuotesTheDisplayName() {
    assertThatThrownBy(() -> NameAddr.parse("Bob \"the\" Builder <sip:bob@example.com>", "To header"))
        .as("a quote inside a token display name").isInstanceOf(SipSyntaxException.class);
    NameAddr q = NameAddr.parse("\"Bob \\\"the\\\" Builder\" <sip:bob@example.com>;tag=1", "To header");
    assertThat(q.displayName()).contains("Bob \"the\" Builder");
    assertThat(q.format()).isEqualTo("\"Bob \\\"the\\\" Builder\" <sip:bob@example.com>;tag=1");
    assertThat(NameAddr.parse(q.format(), "To header").displayName()).isEqualTo(q.displayName());
    assertThat(NameAddr.parse("sip:bob@example.com;tag=9", "To header").withTag("7").format())
        .isEqualTo("<sip:bob@example.com>;tag=7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<sip:a@b", "<>", "< sip:a@b>", "\"x\" sip:a@b", "a b c", "a, b <sip:a@b>",
      "<sip:a@b>;", "<sip:a@b> junk", "sip:a@b?x=y", "\"unterminated <sip:a@b>", "<sip:a@b>;tag=\"x"})
  void malformedNameAddrs(String text) {
    assertThatThrownBy(() -> NameAddr.parse(text, "From header"))
        .isInstanceOf(SipSyntaxException.class).hasMessage("Bad From header");
  }

  @Test
  void cseqBounds() {
    assertThat(CSeq.parse(" 2147483647   BYE ")).isEqualTo(new CSeq(2147483647L, "BYE"));
    assertThatThrownBy(() -> CSeq.parse("2147483648 BYE")).isInstanceOf(SipSyntaxException.class);
    assertThatThrownBy(() -> CSeq.parse("1BYE")).isInstanceOf(SipSyntaxException.class);
    assertThat(new CSeq(7, "ACK").format()).isEqualTo("7 ACK");
  }

  @Test
  void authValueKeepsQuotedValuesAndFormatsBack() {
    AuthValue a = AuthValue.parse("Digest realm=\"switchboard\", nonce=\"a,b\", algorithm=MD5, qop=\"auth\"",
        "WWW-Authenticate header");
    assertThat(a.param("nonce")).contains("a,b");
    assertThat(a.params().raw("nonce")).isEqualTo("\"a,b\"");
    assertThat(a.format()).isEqualTo("Digest realm=\"switchboard\", nonce=\"a,b\", algorithm=MD5, qop=\"auth\"");
  }

  @Test
  void mediaType() {
    MediaType t = MediaType.parse("Application/SDP ; charset=\"utf-8\"");
    assertThat(t.is("application/sdp")).isTrue();
    assertThat(t.param("CHARSET")).contains("utf-8");
    assertThatThrownBy(() -> MediaType.parse("application/sdp;bare")).isInstanceOf(SipSyntaxException.class);
  }

  @Test
  void headersBuilderKeepsOrderAndReplacesInPlace() {
    SipHeaders h = SipHeaders.builder().add("Via", "SIP/2.0/UDP a").add("To", "<sip:a@b>").add("v", "SIP/2.0/UDP b")
        .build();
    assertThat(h.values("via")).containsExactly("SIP/2.0/UDP a", "SIP/2.0/UDP b");
    SipHeaders top = h.toBuilder().addFirst("Via", "SIP/2.0/UDP me").build();
    assertThat(top.first("Via")).contains("SIP/2.0/UDP me");
    assertThat(h.with("To", "<sip:c@d>").asList()).extracting(SipHeader::value)
        .containsExactly("SIP/2.0/UDP a", "<sip:c@d>", "SIP/2.0/UDP b");
    assertThat(h.without("Via").asList()).extracting(SipHeader::name).containsExactly("To");
    assertThat(HeaderNames.canonical("www-authenticate")).isEqualTo("WWW-Authenticate");
    assertThat(HeaderNames.canonical("X-Mine")).isEqualTo("X-Mine");
    assertThat(HeaderNames.same("i", "CALL-ID")).isTrue();
  }
}
