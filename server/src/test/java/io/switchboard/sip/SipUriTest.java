package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SipUriTest {

  @Test
  void allTheParts() {
    SipUri u = SipUri.parse("sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr;maddr=239.255.255.1?subject=hi%20there&priority=urgent");
    assertThat(u.scheme()).isEqualTo("sips");
    assertThat(u.secure()).isTrue();
    assertThat(u.user()).contains("alice");
    assertThat(u.password()).contains("secret");
    assertThat(u.host()).isEqualTo("[2001:db8::1]");
    assertThat(u.port()).isEqualTo(5061);
    assertThat(u.hostPort()).isEqualTo("[2001:db8::1]:5061");
    assertThat(u.transport()).contains("tcp");
    assertThat(u.looseRouting()).isTrue();
    assertThat(u.param("MADDR")).contains("239.255.255.1");
    assertThat(u.headers()).containsExactly(new Params.Param("subject", "hi there"), new Params.Param("priority", "urgent"));
    assertThat(u.toString()).isEqualTo("sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr;maddr=239.255.255.1?subject=hi%20there&priority=urgent");
  }

  @Test
  void hostOnlyAndIpv4() {
    SipUri u = SipUri.parse("sip:192.0.2.4");
    assertThat(u.user()).isEmpty();
    assertThat(u.port()).isEqualTo(-1);
    assertThat(u.host()).isEqualTo("192.0.2.4");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sip:", "sip:@example.com", "sip:user@", "sip:user@exa mple.com", "sip:user@example.com:65536",
      "sip:user@example.com:", "sip:user@256.0.0.1", "sip:user@[::1", "sip:user@[1:2:3:4:5:6:7:8:9]",
      "sip:user@[::1::2]", "sip:us%4gr@example.com", "sip:us%4@example.com", "sip:user@example.com;ttl=256", "sip:user@example.com;;lr",
      "sip:user@example.com;lr;LR", "sip:user@example.com;maddr=not_a_host", "sip:user@example.com;name=",
      "sip:user@example.com?to", "sip:user@-example.com", "sip:user@example.123", "http://example.com",
      "sip:user@example.com>", "sip:us\"er@example.com"})
  void refusesMalformed(String text) {
    assertThatThrownBy(() -> SipUri.parse(text)).isInstanceOf(SipSyntaxException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[::1]", "[::]", "[2001:db8::]", "[::ffff:192.0.2.1]", "[1:2:3:4:5:6:7:8]",
      "[1:2:3:4:5:6:192.0.2.1]", "[fe80::1:2]"})
  void acceptsIpv6References(String host) {
    assertThat(SipUri.parse("sip:a@" + host + ":5060").host()).isEqualTo(host);
  }

  /** RFC 3261 §19.1.4, the examples of the section itself. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sip:%61lice@atlanta.com;transport=TCP | sip:alice@AtLanTa.CoM;Transport=tcp",
      "sip:carol@chicago.com | sip:carol@chicago.com;newparam=5",
      "sip:carol@chicago.com | sip:carol@chicago.com;security=on",
      "sip:carol@chicago.com;newparam=5 | sip:carol@chicago.com;security=on",
      "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com | sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
      "sip:alice@atlanta.com?subject=project%20x&priority=urgent | sip:alice@atlanta.com?priority=urgent&subject=project%20x"})
  void equivalent(String a, String b) {
    assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).isTrue();
    assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SIP:ALICE@AtLanTa.CoM;Transport=udp | sip:alice@AtLanTa.CoM;Transport=UDP",
      "sip:bob@biloxi.com | sip:bob@biloxi.com:5060",
      "sip:bob@biloxi.com | sip:bob@biloxi.com;transport=udp",
      "sip:bob@biloxi.com | sip:bob@biloxi.com:6000;transport=tcp",
      "sip:carol@chicago.com | sip:carol@chicago.com?Subject=next%20meeting",
      "sip:bob@phone21.boxesbybob.com | sip:bob@192.0.2.4",
      "sip:bob@biloxi.com | sips:bob@biloxi.com",
      "sip:bob@biloxi.com;user=phone | sip:bob@biloxi.com",
      "sip:bob@biloxi.com;maddr=192.0.2.1 | sip:bob@biloxi.com"})
  void notEquivalent(String a, String b) {
    assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).isFalse();
    assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).isFalse();
  }

  @Test
  void equalsIsTextualSoItCanBeAMapKey() {
    assertThat(SipUri.parse("sip:a@b")).isEqualTo(SipUri.parse("sip:a@b")).hasSameHashCodeAs(SipUri.parse("sip:a@b"));
    assertThat(SipUri.parse("sip:a@b")).isNotEqualTo(SipUri.parse("sip:a@B"));
  }

  @Test
  void schemeCheckIsCaseInsensitive() {
    assertThat(SipUri.hasSipScheme("SIP:a@b")).isTrue();
    assertThat(SipUri.hasSipScheme("sipx:a@b")).isFalse();
    assertThat(SipUri.hasSipScheme("tel:+1")).isFalse();
  }
}
