package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** recording.*: the reference's defaults, overrides, and bad values naming the key. */
class RecordingConfigTest {

  static RecordingConfig of(Map<String, String> settings) {
    return SwitchboardConfig.from(Settings.of(settings), java.util.List::of).recording();
  }

  @Test
  void defaultsAndOverrides() {
    RecordingConfig d = SwitchboardConfig.from(Settings.reference(), java.util.List::of).recording();
    assertThat(d.dir()).as("empty: recordings in the data directory").isEmpty();
    assertThat(d.chunk()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.queueFrames()).isEqualTo(500);
    assertThat(d.agentsMayPlay("demo")).as("agents may not play recordings by default").isFalse();

    RecordingConfig c = of(Map.of("recording.dir", "/srv/rec", "recording.chunk-ms", "500",
        "recording.queue-frames", "1000", "recording.agent-playback-tenants", "acme, globex"));
    assertThat(c.dir()).contains(Path.of("/srv/rec"));
    assertThat(c.chunk()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.queueFrames()).isEqualTo(1000);
    assertThat(c.agentsMayPlay("acme")).isTrue();
    assertThat(c.agentsMayPlay("globex")).isTrue();
    assertThat(c.agentsMayPlay("demo")).isFalse();
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> of(Map.of("recording.chunk-ms", "10"))).hasMessageContaining("recording.chunk-ms");
    assertThatThrownBy(() -> of(Map.of("recording.queue-frames", "0"))).hasMessageContaining("recording.queue-frames");
    assertThatThrownBy(() -> of(Map.of("recording.agent-playback-tenants", "Acme Corp")))
        .hasMessageContaining("recording.agent-playback-tenants");
  }
}
