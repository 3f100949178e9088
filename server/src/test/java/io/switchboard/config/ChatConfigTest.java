package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** chat.*: "1 call, or up to 3 chats" and the limits by default; an out-of-range value names its key. */
class ChatConfigTest {
  @Test
  void defaultsComeFromTheReferenceAndBadValuesNameTheirKey() {
    ChatConfig c = SwitchboardConfig.from(Settings.reference(), java.util.List::of).chat();
    assertThat(c).isEqualTo(new ChatConfig(3, 0, 2000, 30, Duration.ofSeconds(1), Duration.ofMinutes(30), 30));
    assertThat(ChatConfig.from(Settings.of(Map.of("chat.during-call", "1"))).duringCall()).isEqualTo(1);
    assertThatThrownBy(() -> ChatConfig.from(Settings.of(Map.of("chat.capacity", "21"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("chat.capacity");
  }
}
