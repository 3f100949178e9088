package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.net.HostInterface;
import io.switchboard.webrtc.WebRtcOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebRtcConfigTest {

  @Test
  void defaultsFollowTheMediaAddresses() throws Exception {
    WebRtcOptions w = SwitchboardConfig.from(Settings.of(Map.of("media.bind-host", "10.0.0.5"))).webrtcOptions();
    assertThat(w.bindHost()).isEqualTo("10.0.0.5");
    assertThat(w.advertisedAddress()).isEqualTo("10.0.0.5");
    assertThat(w.port()).isZero();
    assertThat(w.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(w.consentTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(w.harvester()).isEqualTo(WebRtcOptions.Harvester.ICE4J);
    List<HostInterface> host = List.of(new HostInterface("eth0", true, false,
        List.of(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 44}))));
    WebRtcOptions wild = SwitchboardConfig.from(Settings.reference(), () -> host).webrtcOptions();
    assertThat(wild.bindHost()).isEqualTo("0.0.0.0");
    assertThat(wild.advertisedAddress()).as("the media address, from the host's interface").isEqualTo("192.0.2.44");
  }

  @Test
  void explicitKeysWin() {
    WebRtcOptions w = SwitchboardConfig.from(Settings.of(Map.of("webrtc.bind-host", "127.0.0.1",
        "webrtc.port", "10000", "webrtc.advertised-address", "203.0.113.9",
        "webrtc.connect-timeout-ms", "5000", "webrtc.consent-timeout-ms", "7000"))).webrtcOptions();
    assertThat(w).isEqualTo(new WebRtcOptions("127.0.0.1", 10000, "203.0.113.9", Duration.ofSeconds(5),
        Duration.ofSeconds(7)));
    assertThat(SwitchboardConfig.from(Settings.of(Map.of("webrtc.harvester", "loops"))).webrtcOptions().harvester())
        .isEqualTo(WebRtcOptions.Harvester.LOOPS);
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("webrtc.port", "70000"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("webrtc.port");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("webrtc.consent-timeout-ms", "5"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("webrtc.consent-timeout-ms");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("webrtc.advertised-address", "0.0.0.0"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("webrtc.advertised-address");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("webrtc.harvester", "epoll"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("webrtc.harvester");
    assertThatThrownBy(() -> Settings.of(Map.of("webrtc.nope", "1"))).hasMessageContaining("webrtc.nope");
  }
}
