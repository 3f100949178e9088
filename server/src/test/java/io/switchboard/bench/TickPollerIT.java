package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.webrtc.PeerNetwork;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * {@link RtpPump.Receiver} on a {@link PeerNetwork.TickPoller} over loopback UDP: one datagram per socket per tick
 * (a burst drains over several ticks, in order), and after going idle (blocking select) it still receives, also on
 * a socket registered while it was blocked.
 */
class TickPollerIT {
  /** (stream, seq, arrival nanos) of every probe received. */
  private final ConcurrentLinkedQueue<long[]> got = new ConcurrentLinkedQueue<>();

  @Test
  void aBurstToOneSocketDrainsOneDatagramPerTickInOrder() throws Exception {
    List<DatagramChannel> open = new ArrayList<>();
    try (RtpPump.Receiver rx = new RtpPump.Receiver("test-rx")) {
      DatagramChannel to = pair(open, rx);
      byte[] p = Probe.buffer();
      for (int seq = 0; seq < 5; seq++) {
        Probe.write(p, 1, seq, 0, 1, System.nanoTime());
        to.write(ByteBuffer.wrap(p));
      }
      await().atMost(Duration.ofSeconds(2)).until(() -> got.size() == 5);
      List<long[]> all = new ArrayList<>(got);
      for (int i = 0; i < 5; i++) {
        assertThat(all.get(i)[1]).isEqualTo(i);
      }
      // five reads on (at least) four further ticks of 1 ms: not all in one go
      assertThat(all.get(4)[2] - all.get(0)[2]).isGreaterThanOrEqualTo(1_000_000L);
    } finally {
      closeAll(open);
    }
  }

  @Test
  void afterGoingIdleItStillReceivesAlsoOnASocketRegisteredMeanwhile() throws Exception {
    List<DatagramChannel> open = new ArrayList<>();
    try (RtpPump.Receiver rx = new RtpPump.Receiver("test-rx")) {
      DatagramChannel first = pair(open, rx);
      Thread.sleep(3 * PeerNetwork.TickPoller.IDLE_NANOS / 1_000_000); // idle: the poller blocks in select
      byte[] p = Probe.buffer();
      Probe.write(p, 1, 1, 0, 1, System.nanoTime());
      first.write(ByteBuffer.wrap(p));
      await().atMost(Duration.ofSeconds(2)).until(() -> got.size() == 1);

      Thread.sleep(3 * PeerNetwork.TickPoller.IDLE_NANOS / 1_000_000);
      DatagramChannel second = pair(open, rx); // registered while the poller blocks
      Probe.write(p, 2, 7, 1, 1, System.nanoTime());
      second.write(ByteBuffer.wrap(p));
      await().atMost(Duration.ofSeconds(2)).until(() -> got.size() == 2);
      assertThat(got).extracting(r -> r[0]).containsExactly(0L, 1L);
    } finally {
      closeAll(open);
    }
  }

  /** A connected pair on loopback: the receiving end registered on {@code rx}; returns the sending end. */
  private DatagramChannel pair(List<DatagramChannel> open, RtpPump.Receiver rx) throws Exception {
    DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    open.add(a);
    open.add(b);
    a.connect(b.getLocalAddress());
    b.connect(a.getLocalAddress());
    rx.register(b, (f, now) -> got.add(new long[] {f.stream, f.seq, now}));
    return a;
  }

  private static void closeAll(List<DatagramChannel> open) throws Exception {
    for (DatagramChannel c : open) {
      c.close();
    }
  }
}
