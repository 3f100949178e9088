package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** customers.*: the reference's defaults are the documented ones; a bad country names its key. */
class CustomersConfigTest {
  @Test
  void referenceDefaultsAndOverrides() {
    assertThat(SwitchboardConfig.from(Settings.reference(), java.util.List::of).customers())
        .isEqualTo(CustomersConfig.DEFAULTS);
    assertThat(CustomersConfig.from(Settings.of(Map.of("customers.default-country", "es"))).defaultCountry())
        .isEqualTo("ES");
    assertThatThrownBy(() -> CustomersConfig.from(Settings.of(Map.of("customers.default-country", "Spain"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("customers.default-country");
  }
}
