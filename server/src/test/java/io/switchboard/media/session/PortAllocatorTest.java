package io.switchboard.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortAllocatorTest {
  @Test
  void handsOutEvenPortsRoundRobinUntilExhausted() {
    PortAllocator a = new PortAllocator(20000, 20005);
    assertThat(a.acquire()).isEqualTo(20000);
    assertThat(a.acquire()).isEqualTo(20002);
    a.release(20000);
    assertThat(a.acquire()).isEqualTo(20004); // not the just-released one
    assertThat(a.acquire()).isEqualTo(20000);
    assertThat(a.acquire()).isEqualTo(-1);
    assertThat(a.inUse()).isEqualTo(3);
    assertThatThrownBy(() -> new PortAllocator(20001, 20010)).isInstanceOf(IllegalArgumentException.class);
  }
}
