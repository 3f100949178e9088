package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** supervision.*: three supervisors per call and no silent listen shown by default; an out-of-range cap names its key. */
class SupervisionConfigTest {
  @Test
  void threeSupervisorsPerCallByDefaultAndACapOutOfRangeNamesItsKey() {
    SwitchboardConfig reference = SwitchboardConfig.from(Settings.reference(), List::of);
    assertThat(reference.supervisionMaxMonitorsPerCall()).isEqualTo(3);
    assertThat(reference.supervisionShowListen()).isFalse();
    assertThat(SwitchboardConfig.from(with("1"), List::of).supervisionMaxMonitorsPerCall()).isEqualTo(1);
    for (String bad : List.of("0", "17", "many")) {
      assertThatThrownBy(() -> SwitchboardConfig.from(with(bad), List::of)).as(bad)
          .isInstanceOf(ConfigException.class).hasMessageContaining("supervision.max-monitors-per-call");
    }
  }

  /** The reference settings with the cap set to {@code value}. */
  private static Settings with(String value) {
    return Settings.of(Map.of("supervision.max-monitors-per-call", value));
  }
}
