package io.switchboard.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DoNotCallTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void anEntryAppliesUntilItExpires() {
    assertThat(entry(null).appliesAt(NOW)).as("for good").isTrue();
    assertThat(entry(NOW.plusSeconds(1)).appliesAt(NOW)).isTrue();
    assertThat(entry(NOW).appliesAt(NOW)).as("expired at that instant").isFalse();
    assertThat(entry(NOW.minusSeconds(1)).appliesAt(NOW)).isFalse();
  }

  private static DoNotCall entry(Instant expires) {
    return new DoNotCall("+12125550142", null, "sam", NOW.minusSeconds(3600), expires);
  }
}
