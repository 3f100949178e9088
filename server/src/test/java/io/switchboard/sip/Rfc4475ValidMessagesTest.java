package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4475 §3.1.1: the valid messages, and that the fields that make them tortuous come out right. */
class Rfc4475ValidMessagesTest {

  @Test
  void wsinv() throws Exception {
    SipRequest m = Rfc4475.request("wsinv");
    assertThat(m.method()).isEqualTo("INVITE");
    assertThat(m.sipUri().orElseThrow().param("unknownparam")).contains("");
    assertThat(m.callId()).isEqualTo("wsinv.ndaksdj@192.0.2.1");
    assertThat(m.cseq()).isEqualTo(new CSeq(9, "INVITE"));
    assertThat(m.maxForwards()).hasValue(68);
    assertThat(m.to().uri()).isEqualTo("sip:vivekg@chair-dnrc.example.com");
    assertThat(m.to().tag()).contains("1918181833n");
    assertThat(m.from().displayName()).contains("J Rosenberg \\\"");
    assertThat(m.from().tag()).contains("98asjd8");
    List<Via> vias = m.vias();
    assertThat(vias).extracting(Via::transport).containsExactly("UDP", "TCP", "UDP");
    assertThat(vias).extracting(Via::host).containsExactly("192.0.2.2", "spindle.example.com", "192.168.255.111");
    assertThat(vias).extracting(v -> v.branch().orElseThrow()).containsExactly("390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239");
    assertThat(vias.get(0).hasRfc3261Branch()).isFalse();
    assertThat(m.headers().first("Subject")).contains("");
    assertThat(m.headers().first("newfangledheader")).contains("newfangled value continued newfangled value");
    assertThat(m.headers().first("UnknownHeaderWithUnusualValue")).contains(";;,,;;,;");
    assertThat(m.routes()).singleElement().satisfies(r -> assertThat(r.sipUri().orElseThrow().looseRouting()).isTrue());
    NameAddr contact = m.contacts().get(0);
    assertThat(contact.displayName()).contains("Quoted string \"\"");
    assertThat(contact.params().get("newparam")).contains("newvalue");
    assertThat(contact.params().get("secondparam")).contains("");
    assertThat(contact.params().get("q")).contains("0.33");
    assertThat(m.contentType().orElseThrow().is("application/sdp")).isTrue();
    assertThat(m.contentLength()).isEqualTo(150);
    assertThat(m.bodyText()).startsWith("v=0\r\n").endsWith("a=rtpmap:31 LPC\r\n");
  }

  @Test
  void intmeth() throws Exception {
    SipRequest m = Rfc4475.request("intmeth");
    assertThat(m.method()).isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
    SipUri uri = m.sipUri().orElseThrow();
    assertThat(uri.user()).contains("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assertThat(uri.password()).contains("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    assertThat(uri.host()).isEqualTo("example.com");
    assertThat(m.topVia().branch()).contains("z9hG4bK-.!%66*_+`'~");
    assertThat(m.to().displayName()).contains("BEL:\u0007 NUL:\u0000 DEL:\u007f");
    assertThat(m.to().sipUri().orElseThrow().user()).contains("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assertThat(m.from().displayName()).contains("token1~` token2'+_ token3*%!.-");
    assertThat(m.from().params().get("fromParam''~+*_!.-%")).contains("работающий");
    assertThat(m.from().tag()).contains("_token~1'+`*%!-.");
    assertThat(m.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    assertThat(m.cseq()).isEqualTo(new CSeq(139122385, m.method()));
    assertThat(m.maxForwards()).hasValue(255);
    assertThat(m.headers().first("extensionHeader-!.%*+_`'~")).contains("\uFEFF大停電");
  }

  @Test
  void esc01() throws Exception {
    SipRequest m = Rfc4475.request("esc01");
    assertThat(m.sipUri().orElseThrow().user()).contains("sips:user@example.com");
    assertThat(m.sipUri().orElseThrow().host()).isEqualTo("example.net");
    assertThat(m.to().sipUri().orElseThrow().user()).contains("user");
    assertThat(m.from().sipUri().orElseThrow().user()).contains("I have spaces");
    assertThat(m.callId()).isEqualTo("esc01.239409asdfakjkn23onasd0-3234");
    assertThat(m.contentType().orElseThrow().is("application/sdp")).isTrue();
    SipUri contact = m.contacts().get(0).sipUri().orElseThrow();
    assertThat(contact.user()).contains("caller");
    assertThat(contact.looseRouting()).as("%6C%72 is lr").isTrue();
    assertThat(contact.param("name")).as("decoded once, never twice").contains("value%41");
  }

  @Test
  void escnull() throws Exception {
    SipRequest m = Rfc4475.request("escnull");
    assertThat(m.to().sipUri().orElseThrow().user()).contains("null-\u0000-null");
    assertThat(m.contacts()).extracting(c -> c.sipUri().orElseThrow().user().orElseThrow())
        .containsExactly("\u0000", "\u0000\u0000");
    assertThat(m.contentLength()).isZero();
  }

  @Test
  void esc02() throws Exception {
    SipRequest m = Rfc4475.request("esc02");
    assertThat(m.method()).as("% is no escape in a method").isEqualTo("RE%47IST%45R");
    assertThat(m.cseq().method()).isEqualTo("RE%47IST%45R");
    assertThat(m.to().displayName()).contains("%Z%45");
    assertThat(m.topVia().branch()).contains("z9hG4bK209%fzsnel234");
    assertThat(m.contacts()).as("C%6Fntact is another header").hasSize(2);
    assertThat(m.headers().first("C%6Fntact")).contains("<sip:alias2@host2.example.com>");
  }

  @Test
  void lwsdisp() throws Exception {
    SipRequest m = Rfc4475.request("lwsdisp");
    assertThat(m.from().displayName()).contains("caller");
    assertThat(m.from().uri()).isEqualTo("sip:caller@example.com");
    assertThat(m.from().tag()).contains("323");
  }

  @Test
  void longreq() throws Exception {
    SipRequest m = Rfc4475.request("longreq");
    assertThat(m.vias()).hasSize(34);
    assertThat(m.vias().get(0).host()).isEqualTo("sip33.example.com");
    assertThat(m.vias().get(33).branch()).contains("very" + "long".repeat(50) + "branchvalue");
    assertThat(m.vias().get(33).received()).contains("192.0.2.5");
    assertThat(m.to().displayName()).contains("I have a user name of " + "extreme".repeat(10) + " proportion");
    assertThat(m.to().sipUri().orElseThrow().port()).isEqualTo(6000);
    assertThat(m.to().sipUri().orElseThrow().param("unknownparam1")).contains("very" + "long".repeat(20) + "value");
    assertThat(m.from().tag()).contains("12" + "982".repeat(50) + "424");
    assertThat(m.callId()).isEqualTo("longreq.one" + "really".repeat(20) + "longcallid");
    assertThat(m.headers().values("Unknown-" + "Long".repeat(20) + "-Name")).hasSize(1);
    assertThat(m.contacts().get(0).sipUri().orElseThrow().user()).contains("amazinglylongcallername".repeat(5));
    assertThat(m.contentLength()).isEqualTo(150);
  }

  @Test
  void dblreqKeepsOnlyTheFirstRequest() throws Exception {
    SipRequest m = Rfc4475.request("dblreq");
    assertThat(m.method()).isEqualTo("REGISTER");
    assertThat(m.callId()).isEqualTo("dblreq.0ha0isndaksdj99sdfafnl3lk233412");
    assertThat(m.contentLength()).as("the INVITE after the body is noise (§18.3)").isZero();
  }

  @Test
  void semiuri() throws Exception {
    SipRequest m = Rfc4475.request("semiuri");
    SipUri uri = m.sipUri().orElseThrow();
    assertThat(uri.user()).contains("user;par=u@example.net");
    assertThat(uri.host()).isEqualTo("example.com");
    assertThat(uri.params().size()).isZero();
    assertThat(m.headers().values("Accept")).containsExactly("application/sdp", "application/pkcs7-mime",
        "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag");
  }

  @Test
  void transports() throws Exception {
    SipRequest m = Rfc4475.request("transports");
    assertThat(m.callId()).isEqualTo("transports.kijh4akdnaqjkwendsasfdj");
    assertThat(m.vias()).extracting(Via::transport).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
  }

  @Test
  void mpart01() throws Exception {
    SipRequest m = Rfc4475.request("mpart01");
    assertThat(m.method()).isEqualTo("MESSAGE");
    MediaType type = m.contentType().orElseThrow();
    assertThat(type.is("multipart/mixed")).isTrue();
    assertThat(type.param("boundary")).contains("7a9cbec02ceef655");
    byte[] body = m.body();
    assertThat(body).hasSize(553);
    assertThat(new String(body, StandardCharsets.ISO_8859_1)).startsWith("--7a9cbec02ceef655\r\n")
        .endsWith("--7a9cbec02ceef655--\r\n");
    assertThat(m.headers().first("Identity")).hasValueSatisfying(v -> assertThat(v).endsWith("hkMWYUA="));
  }

  @Test
  void unreason() throws Exception {
    SipResponse m = (SipResponse) Rfc4475.parse("unreason");
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.reason()).isEqualTo("= 2**3 * 5**2 но сто девяносто девять - простое");
    assertThat(m.cseq()).isEqualTo(new CSeq(35, "INVITE"));
    assertThat(m.contentLength()).isEqualTo(154);
  }

  @Test
  void noreason() throws Exception {
    SipResponse m = (SipResponse) Rfc4475.parse("noreason");
    assertThat(m.status()).isEqualTo(100);
    assertThat(m.reason()).isEmpty();
    assertThat(m.to().tag()).contains("902jndnke3");
  }
}
