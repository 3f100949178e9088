package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Customer tokens: bound to tenant, queue and origin; expire; another key's or a tampered one is refused. */
class CustomerTokensTest {
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  final TestClock clock = new TestClock(1_800_000_000_000L);
  final CustomerTokens tokens = new CustomerTokens(KEY, Duration.ofMinutes(30), clock);

  @Test
  void aTokenCarriesItsBindingsAndAFreshOneKeepsTheCustomer() {
    CustomerTokens.Claims c = tokens.verify(tokens.issue("demo", "web", "http://127.0.0.1:8081", null));
    assertThat(c.tenant()).isEqualTo("demo");
    assertThat(c.queue()).isEqualTo("web");
    assertThat(c.origin()).isEqualTo("http://127.0.0.1:8081");
    assertThat(c.subject()).startsWith("customer-");
    assertThat(tokens.verify(tokens.issue("demo", "web", c.origin(), c.subject())).subject()).isEqualTo(c.subject());
  }

  @Test
  void expiredTamperedOrForeignTokensAreRefused() {
    String t = tokens.issue("demo", "web", "http://127.0.0.1:8081", null);
    CustomerTokens other = new CustomerTokens("another key, also 32 bytes long!".getBytes(StandardCharsets.UTF_8),
        Duration.ofMinutes(30), clock);
    assertThatThrownBy(() -> other.verify(t)).hasMessage("invalid token");
    String[] parts = t.split("\\.");
    String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "x." + parts[2];
    assertThatThrownBy(() -> tokens.verify(tampered)).isInstanceOf(ChatException.class);
    assertThatThrownBy(() -> tokens.verify("not a token")).hasMessage("invalid token");
    clock.advanceSeconds(30 * 60);
    assertThatThrownBy(() -> tokens.verify(t)).hasMessage("token expired");
  }
}
