package io.switchboard.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.sip.AuthValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestTest {
  // RFC 7616 §3.9.1
  static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  static final String OPAQUE_7616 = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

  @Test
  void rfc2617Section35Example() {
    String r = Digest.response(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
        "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth");
    assertThat(r).isEqualTo("6629fae49393a05397450978507c4ef1");
  }

  @Test
  void rfc7616Md5Example() {
    String r = Digest.response(DigestAlgorithm.MD5, "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
        "/dir/index.html", NONCE_7616, "00000001", CNONCE_7616, "auth");
    assertThat(r).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
  }

  @Test
  void rfc7616Sha256Example() {
    String r = Digest.response(DigestAlgorithm.SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life",
        "GET", "/dir/index.html", NONCE_7616, "00000001", CNONCE_7616, "auth");
    assertThat(r).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void authorizeFromParsedChallengeGivesRfcResponseAndVerifies() {
    AuthValue challenge = AuthValue.parse("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
        + "algorithm=SHA-256, nonce=\"" + NONCE_7616 + "\", opaque=\"" + OPAQUE_7616 + "\"", "WWW-Authenticate");
    DigestChallenge c = DigestChallenge.parse(challenge);
    assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
    assertThat(c.qopAuth()).isTrue();
    String value = Digest.authorize(c, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1, CNONCE_7616);
    AuthValue creds = AuthValue.parse(value, "Authorization");
    assertThat(creds.param("response")).contains("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    assertThat(creds.param("opaque")).contains(OPAQUE_7616);
    assertThat(creds.param("nc")).contains("00000001");
    assertThat(Digest.verify(creds, "GET", "Circle of Life", "http-auth@example.org", NONCE_7616)).isTrue();
    assertThat(Digest.verify(creds, "GET", "wrong", "http-auth@example.org", NONCE_7616)).isFalse();
    assertThat(Digest.verify(creds, "POST", "Circle of Life", "http-auth@example.org", NONCE_7616)).isFalse();
    assertThat(Digest.verify(creds, "GET", "Circle of Life", "http-auth@example.org", "other")).isFalse();
  }

  @Test
  void rfc2069FormWithoutQopOmitsCnonceAndNc() {
    DigestChallenge c = DigestChallenge.parse(AuthValue.parse("Digest realm=\"r\", nonce=\"n\"", "x"));
    assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.MD5);
    String value = Digest.authorize(c, "u", "p", "INVITE", "sip:1@h", 1, "cn");
    assertThat(value).doesNotContain("cnonce").doesNotContain("qop").doesNotContain("nc=");
    assertThat(Digest.verify(AuthValue.parse(value, "x"), "INVITE", "p", "r", "n")).isTrue();
  }

  @Test
  void sessVariantVerifies() {
    DigestChallenge c = DigestChallenge.parse(AuthValue.parse(
        "Digest realm=\"r\", nonce=\"n\", qop=auth, algorithm=SHA-256-sess", "x"));
    String value = Digest.authorize(c, "u", "p", "INVITE", "sip:1@h", 3, Digest.cnonce());
    assertThat(Digest.verify(AuthValue.parse(value, "x"), "INVITE", "p", "r", "n")).isTrue();
  }

  @Test
  void staleAndPickPrefersSha256() {
    DigestChallenge c = DigestChallenge.pick(List.of(
        AuthValue.parse("Digest realm=\"r\", nonce=\"a\", algorithm=MD5, stale=TRUE", "x"),
        AuthValue.parse("Digest realm=\"r\", nonce=\"b\", algorithm=SHA-256, stale=true", "x"),
        AuthValue.parse("Basic realm=\"r\"", "x")));
    assertThat(c.nonce()).isEqualTo("b");
    assertThat(c.stale()).isTrue();
  }

  @Test
  void unusableChallengesNameTheProblem() {
    assertThatThrownBy(() -> DigestChallenge.parse(AuthValue.parse("Digest realm=\"r\", nonce=\"n\", "
        + "algorithm=SHA-512-256", "x"))).isInstanceOf(DigestException.class).hasMessageContaining("SHA-512-256");
    assertThatThrownBy(() -> DigestChallenge.parse(AuthValue.parse("Digest nonce=\"n\"", "x")))
        .hasMessageContaining("realm");
    assertThatThrownBy(() -> DigestChallenge.parse(AuthValue.parse("Digest realm=\"r\", nonce=\"n\", qop=auth-int",
        "x"))).hasMessageContaining("auth-int");
    assertThatThrownBy(() -> DigestChallenge.pick(List.of(AuthValue.parse("Basic realm=\"r\"", "x"))))
        .hasMessageContaining("Basic");
    DigestChallenge ok = DigestChallenge.parse(AuthValue.parse("Digest realm=\"r\", nonce=\"n\"", "x"));
    assertThatThrownBy(() -> Digest.authorize(ok, "a\"b", "secret-pw", "INVITE", "sip:x", 1, "c"))
        .hasMessageContaining("username").hasMessageNotContaining("secret-pw");
  }
}
