package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginSourceTest {
  @Test
  void ipv4IsTheAddressAndIpv6ItsSlash64() {
    assertThat(LoginSource.of("192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(LoginSource.of("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
    assertThat(LoginSource.of("2001:db8:1:2:bbbb::9")).isEqualTo(LoginSource.of("2001:db8:1:2:aaaa::1"));
    assertThat(LoginSource.of("[::1]")).isEqualTo("0:0:0:0::/64");
  }

  @Test
  void anythingElseIsUnknownAndNeverLookedUp() {
    assertThat(LoginSource.of(null)).isEqualTo("unknown");
    assertThat(LoginSource.of("example.com")).isEqualTo("unknown");
    assertThat(LoginSource.of("add.bad")).as("hex letters, still a host name").isEqualTo("unknown");
  }
}
