package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigException;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundCallsTest {
  @Test
  void maxWaitIsTheQueuesUnlessItOverflowsOrHasNone() {
    assertThat(InboundRouting.maxWaitMillis(new JsonObject().put("maxWaitSeconds", 90))).isEqualTo(90_000);
    assertThat(InboundRouting.maxWaitMillis(new JsonObject().put("maxWaitSeconds", 0))).isZero();
    assertThat(InboundRouting.maxWaitMillis(new JsonObject())).isZero();
    assertThat(InboundRouting.maxWaitMillis(null)).as("queue document missing").isZero();
    assertThat(InboundRouting.maxWaitMillis(new JsonObject().put("maxWaitSeconds", 90).put("overflowQueue", "sales")))
        .as("the ACD overflows it instead").isZero();
  }

  @Test
  void answerDelayDefaultsToZeroAndIsBounded() {
    assertThat(SwitchboardConfig.from(Settings.of(Map.of())).sipOptions().answerDelayMs()).isZero();
    assertThat(SwitchboardConfig.from(Settings.of(Map.of("sip.answer-delay-ms", "1000"))).sipOptions()
        .answerDelayMs()).isEqualTo(1000);
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("sip.answer-delay-ms", "-1"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sip.answer-delay-ms");
  }
}
