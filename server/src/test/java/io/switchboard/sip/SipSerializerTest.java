package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SipSerializerTest {
  private final SipParser parser = new SipParser();

  @Test
  void writesCanonicalLongNamesOneValuePerLineAndTheRealContentLength() throws Exception {
    SipMessage m = Rfc4475.parse("wsinv");
    String text = new String(SipSerializer.serialize(m), StandardCharsets.UTF_8);
    assertThat(text).startsWith("INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\n"
        + "To: sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n");
    assertThat(text).contains("\r\nMax-Forwards: 0068\r\n", "\r\nCSeq: 0009  INVITE\r\n", "\r\nSubject:\r\n",
        "\r\nVia: SIP  /   2.0 /UDP    192.0.2.2;branch=390skdjuw\r\n",
        "\r\nVia: SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8\r\n",
        "\r\nContact: \"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =      newvalue ;  secondparam ; q = 0.33\r\n",
        "\r\nContent-Length: 150\r\n\r\nv=0\r\n");
    assertThat(text).doesNotContain("\r\nv:", "\r\nm:", "\r\ns :", "\r\n ");
  }

  @Test
  void contentLengthFollowsTheBody() throws Exception {
    SipRequest r = (SipRequest) Rfc4475.parse("lwsdisp");
    SipRequest withBody = r.withBody("hello".getBytes(StandardCharsets.UTF_8));
    String text = new String(SipSerializer.serialize(withBody), StandardCharsets.UTF_8);
    assertThat(text).endsWith("\r\nContent-Length: 5\r\n\r\nhello");
    assertThat(parser.parse(SipSerializer.serialize(withBody))).isEqualTo(withBody);
  }

  @Test
  void headersCannotSmuggleLinesOrAContentLength() {
    assertThatThrownBy(() -> SipHeaders.builder().add("Subject", "a\r\nVia: evil")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipHeaders.builder().add("l", "5")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipHeaders.builder().add("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMessageBuiltByHandRoundTrips() throws Exception {
    SipHeaders h = SipHeaders.builder()
        .add("v", Via.of("UDP", "192.0.2.10", 5060, "z9hG4bK" + "abc").format())
        .add("Max-Forwards", "70")
        .add("From", NameAddr.of("sip:queue@switchboard.example").withTag("f1").format())
        .add("To", "<sip:+15551234567@carrier.example>")
        .add("Call-ID", "c1@192.0.2.10")
        .add("CSeq", new CSeq(1, "INVITE").format())
        .build();
    SipRequest r = new SipRequest("INVITE", "sip:+15551234567@carrier.example", h, "v=0\r\n".getBytes(StandardCharsets.UTF_8));
    SipMessage back = parser.parse(SipSerializer.serialize(r));
    assertThat(back).isEqualTo(r);
    assertThat(back.from().displayName()).isEmpty();
    assertThat(back.from().tag()).contains("f1");
    assertThat(back.topVia().hasRfc3261Branch()).isTrue();
  }

  /**
   * Robustness: truncated and bit-flipped torture messages either parse (and then round-trip) or fail
   * with a SipParseException — never another exception, never a reason with CR/LF. Seeded, so it is
   * repeatable.
   */
  @Test
  void mangledMessagesNeverEscapeAsAnythingButParseFailures() {
    Random random = new Random(4475);
    int parsed = 0;
    int refused = 0;
    for (Rfc4475TortureTest.Case c : Rfc4475TortureTest.CASES) {
      byte[] original = Rfc4475.message(c.name());
      for (int i = 0; i < 150; i++) {
        byte[] b = original.clone();
        if (i % 3 == 0) {
          b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
        } else {
          for (int k = 0; k < 1 + random.nextInt(3); k++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
          }
        }
        try {
          SipMessage m = parser.parse(b);
          assertThat(parser.parse(SipSerializer.serialize(m))).isEqualTo(m);
          parsed++;
        } catch (SipParseException e) {
          assertThat(e.getMessage()).doesNotContain("\r", "\n").isNotEmpty();
          SipResponses.forParseError(e).ifPresent(SipSerializer::serialize);
          refused++;
        }
      }
    }
    assertThat(parsed).isPositive();
    assertThat(refused).isPositive();
  }
}
