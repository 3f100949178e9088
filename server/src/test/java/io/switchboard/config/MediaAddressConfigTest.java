package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.MediaOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the node writes into SDP c= lines for each kind of media bind host. */
class MediaAddressConfigTest {

  private static MediaOptions media(Map<String, String> keys) {
    return SwitchboardConfig.from(Settings.of(keys)).mediaOptions();
  }

  @Test
  void aWildcardBindAdvertisesLoopbackOfItsOwnFamily() {
    assertThat(media(Map.of("media.bind-host", "0.0.0.0")).advertisedAddress()).isEqualTo("127.0.0.1");
    // "::" itself in c= would tell the carrier to send RTP nowhere.
    assertThat(media(Map.of("media.bind-host", "::")).advertisedAddress()).isEqualTo("::1");
    assertThat(SwitchboardConfig.from(Settings.of(Map.of("media.bind-host", "::"))).webrtcOptions()
        .advertisedAddress()).isEqualTo("::1");
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
