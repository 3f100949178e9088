package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.CasesConfig.OfferOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cases.offer-order and backlog sync: by priority, every 5 minutes, unless told otherwise; a bad value names its key. */
class CasesConfigTest {
  @Test
  void offerOrderDefaultsToPriorityAndRefusesOtherValues() {
    assertThat(SwitchboardConfig.from(Settings.reference(), java.util.List::of).cases().offerOrder())
        .isEqualTo(OfferOrder.PRIORITY);
    assertThat(SwitchboardConfig.from(Settings.reference(), java.util.List::of).cases().backlogSync())
        .isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(CasesConfig.from(Settings.of(Map.of("cases.offer-order", "off"))).offerOrder()).isEqualTo(OfferOrder.OFF);
    assertThat(CasesConfig.from(Settings.of(Map.of("cases.offer-order", "due"))).offerOrder()).isEqualTo(OfferOrder.DUE);
    assertThatThrownBy(() -> CasesConfig.from(Settings.of(Map.of("cases.offer-order", "fifo"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cases.offer-order");
  }
}
