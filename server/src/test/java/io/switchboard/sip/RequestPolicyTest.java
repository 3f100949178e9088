package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link RequestPolicy} on parsed bytes, and its answers serialized back to bytes. */
class RequestPolicyTest {
  private final SipParser parser = new SipParser();

  private SipRequest request(String method, String uri, String body, String... extra) throws Exception {
    List<String> h = new ArrayList<>(List.of(
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds", "Max-Forwards: 70",
        "To: <sip:+15550100@192.0.2.2>", "From: <sip:+15557654321@192.0.2.1>;tag=1928301774",
        "Call-ID: a84b4c76e66710@192.0.2.1", "CSeq: 314159 " + method, "Contact: <sip:caller@192.0.2.1>"));
    h.addAll(List.of(extra));
    h.add("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length);
    return (SipRequest) parser.parse(Msg.of(method + " " + uri + " SIP/2.0", body, h.toArray(String[]::new)));
  }

  private SipRequest invite(String... extra) throws Exception {
    return request("INVITE", "sip:+15550100@192.0.2.2", "v=0\r\n", extra);
  }

  /** The refusal, serialized and parsed again: what goes on the wire. */
  private Optional<SipResponse> refusal(SipRequest r) throws Exception {
    Optional<SipResponse> out = RequestPolicy.refusal(r, "uas-tag");
    if (out.isEmpty()) {
      return out;
    }
    return Optional.of((SipResponse) parser.parse(SipSerializer.serialize(out.get())));
  }

  private SipResponse refused(SipRequest r) throws Exception {
    return refusal(r).orElseThrow(() -> new AssertionError("not refused: " + r.startLine()));
  }

  @Test
  void anUnknownMethodGets501AndAKnownOneWeDoNotAcceptGets405WithAllow() throws Exception {
    SipResponse unknown = refused(request("FOOBAR", "sip:+15550100@192.0.2.2", ""));
    assertThat(unknown.status()).isEqualTo(501);
    assertThat(unknown.to().tag()).contains("uas-tag");
    for (String m : List.of("REGISTER", "SUBSCRIBE", "NOTIFY", "PUBLISH", "REFER", "MESSAGE", "PRACK")) {
      SipResponse r = refused(request(m, "sip:+15550100@192.0.2.2", ""));
      assertThat(r.status()).as(m).isEqualTo(405);
      assertThat(r.headers().values("Allow")).as(m)
          .containsExactly("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "INFO");
    }
  }

  @Test
  void theMethodsWeAllowPassIncludingThoseInADialog() throws Exception {
    assertThat(refusal(invite())).isEmpty();
    SipRequest reInvite = invite();
    reInvite = reInvite.withHeaders(reInvite.headers().toBuilder().set("To", "<sip:+15550100@192.0.2.2>;tag=abc")
        .build());
    assertThat(refusal(reInvite)).as("re-INVITE").isEmpty();
    assertThat(refusal(request("UPDATE", "sip:caller@192.0.2.1", ""))).isEmpty();
    assertThat(refusal(request("INFO", "sip:caller@192.0.2.1", "Signal=5\r\nDuration=160\r\n",
        "Content-Type: application/dtmf-relay"))).isEmpty();
    assertThat(refusal(request("INFO", "sip:caller@192.0.2.1", "5", "Content-Type: application/dtmf"))).isEmpty();
    assertThat(refusal(request("BYE", "sip:caller@192.0.2.1", ""))).isEmpty();
    assertThat(refusal(request("OPTIONS", "sip:+15550100@192.0.2.2", ""))).isEmpty();
  }

  @Test
  void aRequestUriSchemeOtherThanSipSipsOrTelGets416() throws Exception {
    assertThat(refused(request("OPTIONS", "http://example.com/x", "")).status()).isEqualTo(416);
    assertThat(refused(request("INVITE", "mailto:a@example.com", "")).status()).isEqualTo(416);
    assertThat(refusal(request("OPTIONS", "tel:+15550100", ""))).isEmpty();
    assertThat(refusal(request("OPTIONS", "SIPS:+15550100@192.0.2.2", ""))).isEmpty();
  }

  @Test
  void requireWithAnUnknownExtensionGets420NamingEachUnsupportedTag() throws Exception {
    SipResponse r = refused(invite("Require: timer, foo", "Require: 100rel, foo"));
    assertThat(r.status()).isEqualTo(420);
    assertThat(r.headers().values("Unsupported")).containsExactly("foo", "100rel");
    assertThat(refusal(invite("Require: timer"))).as("session timers are supported").isEmpty();
    assertThat(refusal(invite("Supported: 100rel, timer"))).as("Supported: 100rel is no demand").isEmpty();
    assertThat(refusal(invite("Proxy-Require: foo"))).as("Proxy-Require is for proxies").isEmpty();
  }

  @Test
  void aBodyTypeTheMethodCannotCarryGets415WithAccept() throws Exception {
    SipResponse r = refused(request("INVITE", "sip:+15550100@192.0.2.2", "hello", "Content-Type: text/plain"));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.headers().values("Accept")).containsExactly("application/sdp");
    SipResponse info = refused(request("INFO", "sip:caller@192.0.2.1", "<x/>",
        "Content-Type: application/media_control+xml"));
    assertThat(info.status()).isEqualTo(415);
    assertThat(info.headers().values("Accept")).containsExactly("application/dtmf-relay", "application/dtmf");
    assertThat(refusal(request("INVITE", "sip:+15550100@192.0.2.2", "v=0\r\n",
        "Content-Type: Application/SDP; charset=utf-8"))).as("types compare case-insensitively").isEmpty();
    SipResponse gz = refused(request("INVITE", "sip:+15550100@192.0.2.2", "v=0\r\n",
        "Content-Type: application/sdp", "Content-Encoding: gzip"));
    assertThat(gz.status()).isEqualTo(415);
    assertThat(gz.headers().first("Accept-Encoding")).contains("identity");
  }

  @Test
  void anInviteThatAcceptsNoSdpGets406() throws Exception {
    assertThat(refused(invite("Content-Type: application/sdp", "Accept: text/plain")).status()).isEqualTo(406);
    assertThat(refused(invite("Content-Type: application/sdp", "Accept: application/sdp;q=0")).status())
        .isEqualTo(406);
    assertThat(refusal(invite("Content-Type: application/sdp", "Accept: text/plain, application/sdp"))).isEmpty();
    assertThat(refusal(invite("Content-Type: application/sdp", "Accept: application/*"))).isEmpty();
    assertThat(refusal(invite("Content-Type: application/sdp", "Accept: */*;q=0.5"))).isEmpty();
    assertThat(refusal(request("OPTIONS", "sip:+15550100@192.0.2.2", "", "Accept: text/plain")))
        .as("our OPTIONS answer has no body: any Accept is met").isEmpty();
  }

  @Test
  void checksRunInTheRfcsOrder() throws Exception {
    // unknown method before scheme, scheme before Require, Require before body
    assertThat(refused(request("FOOBAR", "http://x", "", "Require: foo")).status()).isEqualTo(501);
    assertThat(refused(request("OPTIONS", "http://x", "", "Require: foo")).status()).isEqualTo(416);
    assertThat(refused(request("INVITE", "sip:a@b", "x", "Require: foo", "Content-Type: text/plain")).status())
        .isEqualTo(420);
  }

  @Test
  void optionsAnswersAnd2xxAdvertiseAllowAndSupported() throws Exception {
    SipRequest options = request("OPTIONS", "sip:+15550100@192.0.2.2", "");
    SipResponse ok = (SipResponse) parser.parse(SipSerializer.serialize(
        RequestPolicy.optionsAnswer(SipResponses.create(options, 200, "OK", "t"))));
    assertThat(ok.headers().values("Allow")).contains("INVITE", "BYE", "UPDATE", "INFO").doesNotContain("PRACK");
    assertThat(ok.headers().values("Supported")).containsExactly("timer");
    assertThat(ok.headers().values("Accept")).containsExactly("application/sdp");
    SipResponse inviteOk = RequestPolicy.advertised(SipResponses.create(invite(), 200, "OK", "t"));
    assertThat(inviteOk.headers().first("Allow")).contains(RequestPolicy.ALLOW);
    assertThat(inviteOk.headers().first("Supported")).contains("timer");
  }
}
