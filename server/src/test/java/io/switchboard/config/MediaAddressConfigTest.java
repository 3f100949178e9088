package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.MediaOptions;
import io.switchboard.net.HostInterface;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the node writes into SDP c= lines, SIP Via and Contact for each kind of bind host. */
class MediaAddressConfigTest {
  private static final List<HostInterface> HOST = List.of(
      new HostInterface("lo", true, true, List.of(InetAddress.getLoopbackAddress())),
      new HostInterface("eth0", true, false, List.of(ip(10, 0, 3, 7))));

  private static InetAddress ip(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static SwitchboardConfig config(Map<String, String> keys, List<HostInterface> host) {
    return SwitchboardConfig.from(Settings.of(keys), () -> host);
  }

  private static MediaOptions media(Map<String, String> keys) {
    return config(keys, HOST).mediaOptions();
  }

  @Test
  void aWildcardBindAdvertisesTheFirstNonLoopbackInterfaceNotLoopback() {
    assertThat(media(Map.of("media.bind-host", "0.0.0.0")).advertisedAddress()).isEqualTo("10.0.3.7");
    // "::" is dual-stack: without a global IPv6 address, the IPv4 one
    assertThat(media(Map.of("media.bind-host", "::")).advertisedAddress()).isEqualTo("10.0.3.7");
    assertThat(config(Map.of(), HOST).webrtcOptions().advertisedAddress()).isEqualTo("10.0.3.7");
    SwitchboardConfig defaults = config(Map.of(), HOST);
    assertThat(defaults.sipAdvertisedAddress()).as("SIP Via/Contact with sip.host=0.0.0.0").isEqualTo("10.0.3.7");
  }

  @Test
  void loopbackOnlyOnAHostWithNothingElse() {
    List<HostInterface> loOnly = HOST.subList(0, 1);
    assertThat(config(Map.of("media.bind-host", "0.0.0.0"), loOnly).mediaOptions().advertisedAddress())
        .isEqualTo("127.0.0.1");
    assertThat(config(Map.of("media.bind-host", "::"), loOnly).mediaOptions().advertisedAddress()).isEqualTo("::1");
    assertThat(config(Map.of(), loOnly).sipAdvertisedAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void sipFollowsItsOwnKeyThenTheMediaAddressThenItsBindHost() {
    assertThat(config(Map.of("sip.host", "127.0.0.1"), HOST).sipAdvertisedAddress()).isEqualTo("127.0.0.1");
    assertThat(config(Map.of("media.advertised-address", "203.0.113.9"), HOST).sipAdvertisedAddress())
        .as("one public address behind 1:1 NAT").isEqualTo("203.0.113.9");
    assertThat(config(Map.of("media.advertised-address", "203.0.113.9", "sip.advertised-address", "198.51.100.4"),
        HOST).sipAdvertisedAddress()).isEqualTo("198.51.100.4");
    assertThat(config(Map.of("sip.advertised-address", "198.51.100.4"), HOST).mediaOptions().advertisedAddress())
        .as("the SIP key does not move the media").isEqualTo("10.0.3.7");
  }

  @Test
  void aWildcardSipAdvertisedAddressIsRefusedByName() {
    assertThatThrownBy(() -> config(Map.of("sip.advertised-address", "::"), HOST))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sip.advertised-address");
  }

  @Test
  void aConcreteBindOrAnExplicitAddressIsAdvertisedAsIs() {
    assertThat(media(Map.of("media.bind-host", "10.0.0.5")).advertisedAddress()).isEqualTo("10.0.0.5");
    assertThat(media(Map.of("media.bind-host", "::", "media.advertised-address", "2001:db8::7"))
        .advertisedAddress()).isEqualTo("2001:db8::7");
  }

  @Test
  void aWildcardAdvertisedAddressIsRefusedByName() {
    for (String wildcard : new String[] {"0.0.0.0", "::"}) {
      assertThatThrownBy(() -> media(Map.of("media.advertised-address", wildcard)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("media.advertised-address");
    }
  }
}
