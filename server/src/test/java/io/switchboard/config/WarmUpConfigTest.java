package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** warmup.*: on, within 10 s, by default; it can be turned off; an out-of-range budget names its key. */
class WarmUpConfigTest {
  @Test
  void defaultsComeFromTheReferenceAndBadValuesNameTheirKey() {
    WarmUpConfig c = SwitchboardConfig.from(Settings.reference(), java.util.List::of).warmUp();
    assertThat(c).isEqualTo(new WarmUpConfig(true, Duration.ofSeconds(10)));
    assertThat(WarmUpConfig.from(Settings.of(Map.of("warmup.enabled", "false"))).enabled()).isFalse();
    assertThatThrownBy(() -> WarmUpConfig.from(Settings.of(Map.of("warmup.timeout-ms", "50"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("warmup.timeout-ms");
  }
}
