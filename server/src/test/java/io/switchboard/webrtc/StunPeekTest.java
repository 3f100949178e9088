package io.switchboard.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StunPeekTest {
  private static final byte[] TX = new byte[12];

  @Test
  void takesOurUfragFromABindingRequest() {
    byte[] req = Stun.request(TX, "ours:theirs", "pwd-pwd-pwd-pwd-pwd-pw", 7, 1234);
    assertThat(StunPeek.isStun(req)).isTrue();
    assertThat(StunPeek.localUfrag(req)).isEqualTo("ours");
  }

  @Test
  void responsesMediaAndTruncatedMessagesHaveNoUfrag() {
    byte[] ok = Stun.success(TX, new java.net.InetSocketAddress("127.0.0.1", 5000), "pwd-pwd-pwd-pwd-pwd-pw");
    assertThat(StunPeek.isStun(ok)).isTrue();
    assertThat(StunPeek.localUfrag(ok)).isNull(); // not a request: never opens a route

    byte[] rtp = new byte[172];
    rtp[0] = (byte) 0x80;
    assertThat(StunPeek.isStun(rtp)).isFalse();
    assertThat(StunPeek.localUfrag(rtp)).isNull();

    byte[] req = Stun.request(TX, "ours:theirs", "pwd-pwd-pwd-pwd-pwd-pw", 7, 1234);
    byte[] cut = java.util.Arrays.copyOf(req, 26); // USERNAME's header claims more than is there
    assertThat(StunPeek.localUfrag(cut)).isNull();
    assertThat(StunPeek.isStun(new byte[19])).isFalse();
  }
}
