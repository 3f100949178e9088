package io.switchboard.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import org.ice4j.util.Buffer;
import org.junit.jupiter.api.Test;

class IceBuffersTest {
  @Test
  void aRecycledBufferIsHandedOutAgainCleared() {
    Buffer first = IceBuffers.take(172);
    assertThat(first.getBuffer()).hasSize(IceBuffers.SIZE);
    assertThat(first.getLength()).isEqualTo(172);
    first.setReceivedTime(Instant.now());
    first.setRemoteAddress(new InetSocketAddress("127.0.0.1", 5000));
    first.setOffset(4);
    IceBuffers.recycle(first);

    long allocated = IceBuffers.allocated();
    Buffer again = IceBuffers.take(60);
    // another test in this JVM may have left buffers too: any pooled one will do, none is allocated
    assertThat(IceBuffers.allocated()).isEqualTo(allocated);
    assertThat(again.getOffset()).isZero();
    assertThat(again.getLength()).isEqualTo(60);
    assertThat(again.getReceivedTime()).isNull();
    assertThat(again.getRemoteAddress()).isNull();
    IceBuffers.recycle(again);
  }

  @Test
  void anOversizedDatagramGetsItsOwnBufferWhichIsNotKept() {
    Buffer big = IceBuffers.take(IceBuffers.SIZE + 1);
    assertThat(big.getBuffer()).hasSize(IceBuffers.SIZE + 1);
    IceBuffers.recycle(big);
    for (int i = 0; i < IceBuffers.KEPT + 1; i++) {
      assertThat(IceBuffers.take(10).getBuffer()).hasSize(IceBuffers.SIZE);
    }
  }
}
