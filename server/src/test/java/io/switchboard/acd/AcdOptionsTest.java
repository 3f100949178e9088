package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcdOptionsTest {

  @Test
  void optionsComeFromTheAcdSettingsAndTheNodeId() {
    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of(
        "node.id", "node-7", "acd.route-scan-calls", "5", "acd.route-scan-agents", "6",
        "acd.event-stream-max-len", "700")));
    assertThat(AcdOptions.from(config)).isEqualTo(new AcdOptions("node-7", 5, 6, 700));
    AcdOptions defaults = AcdOptions.from(SwitchboardConfig.from(Settings.of(Map.of("node.id", "n"))));
    assertThat(defaults).isEqualTo(AcdOptions.defaults("n"));
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> new AcdOptions(" ", 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AcdOptions("n", 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
