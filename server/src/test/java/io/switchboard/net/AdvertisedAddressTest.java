package io.switchboard.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.net.AdvertisedAddress.Choice;
import io.switchboard.net.AdvertisedAddress.Source;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which address a node tells peers, with the host's interfaces given as plain values. */
class AdvertisedAddressTest {
  private static final HostInterface LO = nic("lo", true, true, "127.0.0.1", "::1");
  private static final HostInterface ETH0 = nic("eth0", true, false, "fe80::1", "10.0.3.7", "2001:db8::7");
  private static final HostInterface DOCKER = nic("docker0", true, false, "172.17.0.1");

  @Test
  void aWildcardBindAdvertisesTheFirstUpNonLoopbackInterfaceNeverLoopback() {
    Choice c = AdvertisedAddress.choose("", "0.0.0.0", () -> List.of(LO, ETH0, DOCKER));
    assertThat(c.address()).isEqualTo("10.0.3.7");
    assertThat(c.source()).isEqualTo(Source.INTERFACE);
    assertThat(c.from()).isEqualTo("eth0");
    // the order given (interface index) decides, not the address
    assertThat(AdvertisedAddress.choose(null, "0.0.0.0", () -> List.of(LO, DOCKER, ETH0)).address())
        .isEqualTo("172.17.0.1");
  }

  @Test
  void interfacesThatAreDownOrOnlyLinkLocalAreSkipped() {
    HostInterface down = nic("eth0", false, false, "10.9.9.9");
    HostInterface linkLocal = nic("eth1", true, false, "169.254.10.1", "fe80::2");
    HostInterface wlan = nic("wlan0", true, false, "192.168.1.20");
    assertThat(AdvertisedAddress.choose("", "0.0.0.0", () -> List.of(LO, down, linkLocal, wlan)).address())
        .isEqualTo("192.168.1.20");
  }

  @Test
  void anIpv6WildcardPrefersAGlobalIpv6AddressThenIpv4() {
    assertThat(AdvertisedAddress.choose("", "::", () -> List.of(LO, ETH0)).address()).isEqualTo("2001:db8::7");
    assertThat(AdvertisedAddress.choose("", "::", () -> List.of(LO, DOCKER)).address())
        .as("dual-stack socket, no global IPv6").isEqualTo("172.17.0.1");
  }

  @Test
  void loopbackOnlyWhenNothingElseIsUp() {
    Choice v4 = AdvertisedAddress.choose("", "0.0.0.0", () -> List.of(LO, nic("eth0", false, false, "10.0.0.1")));
    assertThat(v4.address()).isEqualTo("127.0.0.1");
    assertThat(v4.source()).isEqualTo(Source.LOOPBACK);
    assertThat(AdvertisedAddress.choose("", "::", List::of).address()).isEqualTo("::1");
  }

  @Test
  void aConfiguredAddressOrAConcreteBindWinsWithoutReadingInterfaces() {
    AtomicInteger reads = new AtomicInteger();
    Supplier<List<HostInterface>> counted = () -> {
      reads.incrementAndGet();
      return List.of(LO, ETH0);
    };
    Choice configured = AdvertisedAddress.choose(" 203.0.113.9 ", "0.0.0.0", counted);
    assertThat(configured.address()).isEqualTo("203.0.113.9");
    assertThat(configured.source()).isEqualTo(Source.CONFIGURED);
    Choice bound = AdvertisedAddress.choose("", "127.0.0.1", counted);
    assertThat(bound.address()).as("bound to loopback: loopback is right").isEqualTo("127.0.0.1");
    assertThat(bound.source()).isEqualTo(Source.BIND_HOST);
    assertThat(AdvertisedAddress.choose("", "10.0.3.7", counted).address()).isEqualTo("10.0.3.7");
    assertThat(reads).hasValue(0);
  }

  @Test
  void theSystemListIsReadable() {
    // whatever this machine has: every entry is well formed, and loopback is never chosen while another is up
    List<HostInterface> system = HostInterface.system();
    Choice c = AdvertisedAddress.choose("", "0.0.0.0", () -> system);
    boolean otherUp = system.stream().anyMatch(i -> i.up() && !i.loopback()
        && i.addresses().stream().anyMatch(a -> a instanceof java.net.Inet4Address && !a.isLinkLocalAddress()));
    assertThat(c.source()).isEqualTo(otherUp ? Source.INTERFACE : Source.LOOPBACK);
  }

  @Test
  void ipv6IsWrittenCompressedWithoutItsZone() throws Exception {
    assertThat(AdvertisedAddress.literal(InetAddress.getByName("2001:db8:0:0:0:0:0:7"))).isEqualTo("2001:db8::7");
    assertThat(AdvertisedAddress.literal(InetAddress.getByName("2001:db8:0:1:0:0:0:0"))).isEqualTo("2001:db8:0:1::");
    assertThat(AdvertisedAddress.literal(InetAddress.getByName("2001:0:0:1:0:0:0:1"))).as("the longest run")
        .isEqualTo("2001:0:0:1::1");
    assertThat(AdvertisedAddress.literal(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).as("a tie: the first")
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(AdvertisedAddress.literal(InetAddress.getByName("2001:db8:1:2:3:4:0:5"))).isEqualTo("2001:db8:1:2:3:4:0:5");
    assertThat(AdvertisedAddress.literal(InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(AdvertisedAddress.literal(InetAddress.getByName("10.0.0.1"))).isEqualTo("10.0.0.1");
  }

  private static HostInterface nic(String name, boolean up, boolean loopback, String... addresses) {
    List<InetAddress> list = new ArrayList<>();
    for (String a : addresses) {
      try {
        list.add(InetAddress.getByName(a)); // literals only: no DNS
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }
    return new HostInterface(name, up, loopback, list);
  }
}
