package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** campaigns.predictive.*: the reference defaults (a 3 % cap), and a bad value names its key. */
class CampaignsConfigTest {
  @Test
  void predictiveDefaultsComeFromTheReferenceFile() {
    CampaignsConfig.Predictive p = SwitchboardConfig.from(Settings.reference(), java.util.List::of).campaigns()
        .predictive();
    assertThat(p).isEqualTo(new CampaignsConfig.Predictive(3.0, 0.5, 0.3, 50, 4.0, 2000));
  }

  @Test
  void aCapAboveTheRegulatorsLimitOrNotANumberIsRefusedNamingTheKey() {
    for (String bad : new String[] {"3.5", "-1", "three"}) {
      assertThatThrownBy(() -> SwitchboardConfig.from(Settings.reference().with(
          Map.of("campaigns.predictive.abandon-cap-percent", bad)), java.util.List::of))
          .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("campaigns.predictive.abandon-cap-percent");
    }
    assertThat(SwitchboardConfig.from(Settings.reference().with(Map.of("campaigns.predictive.abandon-cap-percent",
        "2.5")), java.util.List::of).campaigns().predictive().abandonCapPercent()).isEqualTo(2.5);
  }
}
