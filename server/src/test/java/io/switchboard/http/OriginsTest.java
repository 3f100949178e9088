package io.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OriginsTest {
  final Origins none = Origins.parse("");
  final Origins some = Origins.parse(" https://cc.example.com , http://localhost:3000 ");

  @Test
  void theNodesOwnOriginIsAllowed() {
    assertThat(none.allows("http://node.example:8080", "http", "node.example:8080")).isTrue();
    assertThat(none.allows("HTTP://Node.Example:8080", "http", "node.example:8080")).isTrue();
    assertThat(none.allows("http://node.example", "http", "node.example:80")).as("default port").isTrue();
    assertThat(none.allows("https://node.example", "https", "node.example")).isTrue();
    // Over plain HTTP the https origin of the same host too (TLS ended by a proxy in front of the node).
    assertThat(none.allows("https://node.example", "http", "node.example")).isTrue();
    assertThat(none.allows("http://[::1]:8080", "http", "[::1]:8080")).isTrue();
  }

  @Test
  void foreignOriginsAreRefused() {
    assertThat(none.allows("http://evil.example", "http", "node.example")).isFalse();
    assertThat(none.allows("http://node.example:8081", "http", "node.example:8080")).isFalse();
    assertThat(none.allows("http://node.example.evil.example", "http", "node.example")).isFalse();
    assertThat(none.allows("http://node.example", "https", "node.example")).as("downgrade").isFalse();
    assertThat(none.allows("null", "http", "node.example")).isFalse();
    assertThat(none.allows("file://", "http", "node.example")).isFalse();
    assertThat(none.allows("http://node.example/path", "http", "node.example")).isFalse();
    assertThat(none.allows("http://node.example", "http", null)).as("no Host").isFalse();
  }

  @Test
  void configuredOriginsAreAllowedAndNoOriginMeansNotABrowser() {
    assertThat(some.allows("https://cc.example.com", "http", "node.internal:8080")).isTrue();
    assertThat(some.allows("https://cc.example.com:443", "http", "node.internal:8080")).isTrue();
    assertThat(some.allows("http://localhost:3000", "http", "node.internal:8080")).isTrue();
    assertThat(some.allows("http://cc.example.com", "http", "node.internal:8080")).isFalse();
    assertThat(some.allows(null, "http", "node.internal:8080")).isTrue();
  }

  @Test
  void aMalformedSettingIsRefused() {
    assertThatThrownBy(() -> Origins.parse("cc.example.com")).hasMessageContaining("cc.example.com");
    assertThatThrownBy(() -> Origins.parse("https://cc.example.com/app")).isInstanceOf(IllegalArgumentException.class);
  }
}
