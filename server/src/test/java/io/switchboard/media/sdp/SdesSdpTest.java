package io.switchboard.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.sdp.SdpException.Kind;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** SDES (RFC 4568): a=crypto lines read and written, RTP/SAVP offers answered and our SRTP offers checked. */
class SdesSdpTest {
  /** The key of RFC 4568's examples (30 bytes), without its lifetime and MKI. */
  static final String RFC_KEY = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

  /** An SRTP offer as baresip 1.0 with {@code mediaenc=srtp-mand} writes it: a GCM suite first, which we skip. */
  static final String SAVP_OFFER = "v=0\r\no=- 1 2 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
      + "m=audio 40000 RTP/SAVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
      + "a=crypto:1 AEAD_AES_256_GCM inline:" + RFC_KEY + RFC_KEY + "\r\n"
      + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY + "|2^31\r\n"
      + "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "\r\n"
      + "a=sendrecv\r\n";

  static String offerWith(String proto, String... cryptos) {
    StringBuilder s = new StringBuilder("v=0\r\no=- 1 2 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\n"
        + "t=0 0\r\nm=audio 40000 " + proto + " 0\r\n");
    for (String c : cryptos) {
      s.append("a=crypto:").append(c).append("\r\n");
    }
    return s.toString();
  }

  static NegotiatedAudio answer(String offer, boolean requireSrtp) throws SdpException {
    return SdpNegotiator.answer(SdpParser.parse(offer), "192.0.2.200", 20000, 42, 1, false, requireSrtp);
  }

  @Test
  void aCryptoLineIsParsedAndWrittenBackTheSame() throws SdpException {
    SdesCrypto c = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20");
    assertThat(c.tag()).isEqualTo(1);
    assertThat(c.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    byte[] material = Base64.getDecoder().decode(RFC_KEY);
    assertThat(c.key()).containsExactly(java.util.Arrays.copyOfRange(material, 0, 16));
    assertThat(c.salt()).containsExactly(java.util.Arrays.copyOfRange(material, 16, 30));
    assertThat(c.attributeValue()).isEqualTo("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY); // lifetime not kept
    assertThat(c.toString()).doesNotContain(RFC_KEY);
    assertThat(SdesCrypto.parse("7 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY).suite())
        .isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
  }

  @Test
  void freshKeysAreRandomAndRoundTrip() throws SdpException {
    SdesCrypto a = SdesCrypto.fresh(3, SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    SdesCrypto b = SdesCrypto.fresh(3, SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    assertThat(a.key()).isNotEqualTo(b.key());
    SdesCrypto back = SdesCrypto.parse(a.attributeValue());
    assertThat(back.tag()).isEqualTo(3);
    assertThat(back.key()).containsExactly(a.key());
    assertThat(back.salt()).containsExactly(a.salt());
  }

  @Test
  void whatWeCannotHonourIsRefusedWith488NamingIt() {
    String[][] cases = {
        {"1 AES_256_CM_HMAC_SHA1_80 inline:" + RFC_KEY, "crypto suite AES_256_CM_HMAC_SHA1_80 is not supported"},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:32", "MKI (1:32) is not supported"},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|1:4", "MKI (1:4) is not supported"},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywj*WhcYD0mXXtxaVBR", "not valid base64"},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVm", "must be 30 bytes (key and salt), got 12"},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " UNENCRYPTED_SRTP",
            "session parameter UNENCRYPTED_SRTP is not supported"},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + ";inline:" + RFC_KEY, "more than one key"},
        {"1 AES_CM_128_HMAC_SHA1_80 uri:https://example.com/key", "key method must be inline:"},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|forever", "bad key lifetime 'forever'"},
        {"x AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY, "expected '<tag> <crypto-suite>"},
        {"1 AES_CM_128_HMAC_SHA1_80", "expected '<tag> <crypto-suite>"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> SdesCrypto.parse(c[0])).as(c[0]).isInstanceOfSatisfying(SdpException.class, e -> {
        assertThat(e.kind()).isEqualTo(Kind.NOT_ACCEPTABLE);
        assertThat(e.kind().sipStatus).isEqualTo(488);
        assertThat(e.field()).isEqualTo("a=crypto");
        assertThat(e.reason()).contains(c[1]);
      });
    }
  }

  @Test
  void anSrtpOfferIsAnsweredWithTheFirstSuiteWeSupportAndAFreshKeyOfOurs() throws SdpException {
    NegotiatedAudio n = answer(SAVP_OFFER, false);
    assertThat(n.srtp()).isNotNull();
    assertThat(n.srtp().suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32); // the offerer's order: tag 2 first
    assertThat(n.srtp().remote().key()).containsExactly(SdesCrypto.parse("2 AES_CM_128_HMAC_SHA1_32 inline:"
        + RFC_KEY).key());
    MediaDescription m = SdpParser.parse(n.answer()).media().get(0);
    assertThat(m.proto()).isEqualTo("RTP/SAVP");
    assertThat(m.cryptos()).hasSize(1);
    SdesCrypto ours = SdesCrypto.parse(m.cryptos().get(0));
    assertThat(ours.tag()).as("the answer keeps the offer's tag (RFC 4568 5.1.2)").isEqualTo(2);
    assertThat(ours.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    assertThat(ours.key()).containsExactly(n.srtp().local().key()).isNotEqualTo(n.srtp().remote().key());
    assertThat(answer(SAVP_OFFER, false).srtp().local().key()).as("a new key per answer")
        .isNotEqualTo(n.srtp().local().key());
    assertThat(answer(SAVP_OFFER, true).srtp()).as("also when SRTP is required").isNotNull();
  }

  @Test
  void aPlainOfferKeepsPlainRtpUnlessTheTrunkRequiresSrtp() throws SdpException {
    NegotiatedAudio plain = answer(offerWith("RTP/AVP"), false);
    assertThat(plain.srtp()).isNull();
    assertThat(plain.answer()).contains(" RTP/AVP 0\r\n").doesNotContain("a=crypto");
    assertThatThrownBy(() -> answer(offerWith("RTP/AVP"), true)).isInstanceOfSatisfying(SdpException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.NOT_ACCEPTABLE);
      assertThat(e.reason()).contains("SRTP is required");
    });
  }

  @Test
  void anSrtpOfferWithoutAUsableKeyIsRefusedWithTheFirstLinesReason() {
    assertThatThrownBy(() -> answer(offerWith("RTP/SAVP"), false)).isInstanceOfSatisfying(SdpException.class,
        e -> {
          assertThat(e.kind()).isEqualTo(Kind.NOT_ACCEPTABLE);
          assertThat(e.reason()).isEqualTo("no usable SRTP key: RTP/SAVP offered without an a=crypto line");
        });
    assertThatThrownBy(() -> answer(offerWith("RTP/SAVP", "1 F8_128_HMAC_SHA1_80 inline:" + RFC_KEY,
        "2 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4"), false))
        .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.getMessage())
            .isEqualTo("a=crypto: no usable SRTP key: crypto suite F8_128_HMAC_SHA1_80 is not supported "
                + "(only AES_CM_128_HMAC_SHA1_80 and _32)"));
  }

  @Test
  void aPlainStreamAfterAnUnusableSrtpOneIsTaken() throws SdpException {
    // best-effort SRTP the old way: the same audio twice, SAVP first (RFC 5939 1 describes the practice)
    String offer = offerWith("RTP/SAVP", "1 AES_256_CM_HMAC_SHA1_80 inline:" + RFC_KEY + RFC_KEY.substring(0, 20))
        + "m=audio 40002 RTP/AVP 0\r\n";
    NegotiatedAudio n = answer(offer, false);
    assertThat(n.srtp()).isNull();
    assertThat(n.remoteRtpPort()).isEqualTo(40002);
    assertThat(n.answer()).contains("m=audio 0 RTP/SAVP 0\r\n").contains("m=audio 20000 RTP/AVP 0\r\n");
  }

  // ---------------------------------------------------------------- our offers (outbound leg)

  static final String OUR_OFFER = SdpOfferer.offer("192.0.2.10", 20002, 42, 1, true);

  static String trunkAnswer(String proto, String... cryptos) {
    StringBuilder s = new StringBuilder("v=0\r\no=trunk 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\n"
        + "t=0 0\r\nm=audio 40000 " + proto + " 0\r\n");
    for (String c : cryptos) {
      s.append("a=crypto:").append(c).append("\r\n");
    }
    return s.toString();
  }

  static NegotiatedAudio apply(String answer, String offer) throws SdpException {
    return SdpOfferer.applyAnswer(SdpParser.parse(answer), offer);
  }

  @Test
  void ourSrtpOfferIsSavpWithAFreshKeyPerSuite() throws SdpException {
    MediaDescription m = SdpParser.parse(OUR_OFFER).media().get(0);
    assertThat(m.proto()).isEqualTo("RTP/SAVP");
    assertThat(m.cryptos()).hasSize(2);
    SdesCrypto first = SdesCrypto.parse(m.cryptos().get(0));
    SdesCrypto second = SdesCrypto.parse(m.cryptos().get(1));
    assertThat(first.tag()).isEqualTo(1);
    assertThat(first.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    assertThat(second.tag()).isEqualTo(2);
    assertThat(second.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    assertThat(first.key()).isNotEqualTo(second.key());
    assertThat(SdpOfferer.offer("192.0.2.10", 20002, 42, 1)).contains(" RTP/AVP ").doesNotContain("crypto");
    // our own answerer accepts it: both sides of the node agree
    assertThat(answer(OUR_OFFER, true).srtp().suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
  }

  @Test
  void aReOfferKeepsOurKeyForItsSuiteUnderThatSuitesTag() throws SdpException {
    SdesCrypto kept = SdesCrypto.parse("7 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY);
    MediaDescription m = SdpParser.parse(SdpOfferer.offer("192.0.2.10", 20002, 42, 2, true, kept)).media().get(0);
    SdesCrypto first = SdesCrypto.parse(m.cryptos().get(0));
    SdesCrypto second = SdesCrypto.parse(m.cryptos().get(1));
    assertThat(first.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    assertThat(first.key()).as("another suite: a fresh key").isNotEqualTo(kept.key());
    assertThat(second.tag()).isEqualTo(2);
    assertThat(second.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    assertThat(second.key()).containsExactly(kept.key());
    assertThat(second.salt()).containsExactly(kept.salt());
  }

  @Test
  void theTrunksAnswerPairsItsKeyWithOursOfTheSameTag() throws SdpException {
    SdesCrypto ours = SdesCrypto.parse(SdpParser.parse(OUR_OFFER).media().get(0).cryptos().get(1));
    NegotiatedAudio n = apply(trunkAnswer("RTP/SAVP", "2 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY), OUR_OFFER);
    assertThat(n.srtp().suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    assertThat(n.srtp().local().key()).containsExactly(ours.key());
    assertThat(n.srtp().local().salt()).containsExactly(ours.salt());
    assertThat(n.srtp().remote().key())
        .containsExactly(java.util.Arrays.copyOfRange(Base64.getDecoder().decode(RFC_KEY), 0, 16));
  }

  @Test
  void anAnswerThatDoesNotFitOurSrtpOfferIsRefused() {
    String[][] cases = {
        {trunkAnswer("RTP/AVP"), "the trunk answered our SRTP offer with RTP/AVP"},
        {trunkAnswer("RTP/SAVP"), "exactly one a=crypto line, it has 0"},
        {trunkAnswer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY,
            "2 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY), "exactly one a=crypto line, it has 2"},
        {trunkAnswer("RTP/SAVP", "3 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY), "tag 3 is none of our offer's"},
        {trunkAnswer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY), "names AES_CM_128_HMAC_SHA1_32"},
        {trunkAnswer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4"), "MKI"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> apply(c[0], OUR_OFFER)).as(c[1]).isInstanceOfSatisfying(SdpException.class, e -> {
        assertThat(e.kind()).isEqualTo(Kind.NOT_ACCEPTABLE);
        assertThat(e.reason()).contains(c[1]);
      });
    }
    String plainOffer = SdpOfferer.offer("192.0.2.10", 20002, 42, 1);
    assertThatThrownBy(() -> apply(trunkAnswer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY),
        plainOffer)).isInstanceOfSatisfying(SdpException.class,
            e -> assertThat(e.reason()).contains("profile RTP/SAVP is not our offer's RTP/AVP"));
  }
}
