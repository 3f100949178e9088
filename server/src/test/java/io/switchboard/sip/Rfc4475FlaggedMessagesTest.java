package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RFC 4475 §3.2–3.3 messages that are well formed: the parser accepts them and the RFC's expected
 * behaviour is the transaction or application layer's. Each test shows the accessor that layer decides
 * on, and what it will find.
 */
class Rfc4475FlaggedMessagesTest {

  @Test
  void badbranchIsTreatedAsAnRfc2543Transaction() throws Exception {
    Via via = Rfc4475.request("badbranch").topVia();
    assertThat(via.branch()).contains("z9hG4bK");
    assertThat(via.hasRfc3261Branch()).as("transaction layer: match per §17.2.3").isFalse();
  }

  @Test
  void unkscmAndNovelscHaveNoSipRequestUriSoTheUasAnswers416() throws Exception {
    SipRequest unkscm = Rfc4475.request("unkscm");
    assertThat(unkscm.requestUri()).isEqualTo("nobodyKnowsThisScheme:totallyopaquecontent");
    assertThat(unkscm.sipUri()).isEmpty();
    SipRequest novelsc = Rfc4475.request("novelsc");
    assertThat(novelsc.requestUri()).isEqualTo("soap.beep://192.0.2.103:3002");
    assertThat(novelsc.sipUri()).isEmpty();
  }

  @Test
  void unksm2HasNonSipUrisInToFromAndContact() throws Exception {
    SipRequest m = Rfc4475.request("unksm2");
    assertThat(m.to().uri()).isEqualTo("isbn:2983792873");
    assertThat(m.to().sipUri()).isEmpty();
    assertThat(m.from().uri()).isEqualTo("http://www.example.com");
    assertThat(m.from().tag()).contains("3234233");
    assertThat(m.contacts()).singleElement().satisfies(c -> {
      assertThat(c.uri()).isEqualTo("name:John_Smith");
      assertThat(c.sipUri()).isEmpty();
    });
  }

  @Test
  void bext01ListsTheUnsupportedExtensionsFor420() throws Exception {
    SipRequest m = Rfc4475.request("bext01");
    assertThat(m.headers().values("Require")).containsExactly("nothingSupportsThis", "nothingSupportsThisEither");
    assertThat(m.headers().values("Proxy-Require"))
        .containsExactly("noProxiesSupportThis", "norDoAnyProxiesSupportThis");
  }

  @Test
  void invutHasAContentTypeNobodyKnowsFor415() throws Exception {
    SipRequest m = Rfc4475.request("invut");
    assertThat(m.contentType().orElseThrow().is("application/unknownformat")).isTrue();
    assertThat(m.bodyText()).isEqualTo("<audio>\r\n <pcmu port=\"443\"/>\r\n</audio>\r\n");
  }

  @Test
  void regaut01CarriesAnUnknownAuthorizationSchemeSoTheRegistrarChallenges() throws Exception {
    SipRequest m = Rfc4475.request("regaut01");
    AuthValue auth = m.authorizations().get(0);
    assertThat(auth.scheme()).isEqualTo("NoOneKnowsThisScheme");
    assertThat(auth.isDigest()).isFalse();
    assertThat(auth.param("opaque-data")).contains("here");
  }

  @Test
  void bcastHasABroadcastViaThatNoProxyMayAnswerTo() throws Exception {
    SipResponse m = (SipResponse) Rfc4475.parse("bcast");
    assertThat(m.vias()).extracting(Via::host).containsExactly("192.0.2.198", "255.255.255.255");
  }

  @Test
  void zeromfHasMaxForwardsZero() throws Exception {
    assertThat(Rfc4475.request("zeromf").maxForwards()).hasValue(0);
  }

  @Test
  void cparam01ParameterBelongsToTheContactHeaderNotTheUri() throws Exception {
    NameAddr c = Rfc4475.request("cparam01").contacts().get(0);
    assertThat(c.angled()).isFalse();
    assertThat(c.params().has("unknownparam")).isTrue();
    assertThat(c.sipUri().orElseThrow().params().size()).isZero();
    assertThat(c.sipUri().orElseThrow().user()).contains("+19725552222");
  }

  @Test
  void cparam02ParameterBelongsToTheUri() throws Exception {
    NameAddr c = Rfc4475.request("cparam02").contacts().get(0);
    assertThat(c.params().size()).isZero();
    assertThat(c.sipUri().orElseThrow().hasParam("unknownparam")).isTrue();
  }

  @Test
  void regescrtContactUriCarriesAnEscapedRouteHeader() throws Exception {
    SipUri uri = Rfc4475.request("regescrt").contacts().get(0).sipUri().orElseThrow();
    assertThat(uri.headers()).containsExactly(new Params.Param("Route", "<sip:sip.example.com>"));
  }

  @Test
  void sdp01OffersSdpButAcceptsOnlySomethingElse() throws Exception {
    SipRequest m = Rfc4475.request("sdp01");
    assertThat(m.headers().values("Accept")).containsExactly("text/nobodyKnowsThis");
    assertThat(m.contentType().orElseThrow().is("application/sdp")).isTrue();
  }

  @Test
  void scalar02ExpiresIsOverlargeAndWouldReadAsAbsent() {
    SipHeaders h = SipHeaders.builder().add("Expires", "1" + "0".repeat(100)).build();
    SipRequest r = new SipRequest("REGISTER", "sip:example.com", h, new byte[0]);
    assertThat(r.expires()).isEmpty();
    assertThat(r.withHeaders(h.with("Expires", "4294967295")).expires()).hasValue(4294967295L);
  }
}
