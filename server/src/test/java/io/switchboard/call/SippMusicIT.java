package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sipp caller who waits and hears music: sipp does the SIP side ({@code sipp/music-to-port.xml}), its SDP points
 * the RTP at this test's UDP socket, and the test decodes what arrives (sipp itself cannot tell music from silence).
 */
class SippMusicIT {
  static Node node;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("sipp-music-it", Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aSippCallerHearsMusicWhileWaitingThenAbandons() throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(SippMusicIT.class.getResource("/sipp/music-to-port.xml").toURI());
    long abandonedBefore = queue().abandoned();
    Path log = Files.createTempFile("sipp-music", ".log");
    try (DatagramSocket rtp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      rtp.setSoTimeout(500);
      Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", "+15550100",
          "-key", "rtpport", String.valueOf(rtp.getLocalPort()),
          "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
          "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
          "-recv_timeout", "5000", "-timeout", "20s", "-timeout_error", "127.0.0.1:" + node.sipPort())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        int[] frames = listen(rtp, 50);
        assertThat(frames[0]).as("PCMU frames among 50 received").isGreaterThanOrEqualTo(45);
        assertThat(frames[1]).as("audible frames (music, not silence)").isGreaterThan(30);
        assertThat(queue().waiting()).as("the caller waits in support").isEqualTo(1);

        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("sipp finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
      } finally {
        p.destroyForcibly();
        Files.deleteIfExists(log);
      }
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(queue().abandoned()).isEqualTo(abandonedBefore + 1);
      assertThat(node.calls().activeCalls()).isZero();
      assertThat(node.media().activeSessions()).isZero();
    });
  }

  /** Reads up to {@code n} RTP packets: {PCMU packets, audible ones (rms above silence)}. */
  private static int[] listen(DatagramSocket rtp, int n) throws Exception {
    int pcmu = 0;
    int audible = 0;
    short[] pcm = new short[2048];
    byte[] buf = new byte[2048];
    for (int i = 0; i < n; i++) {
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      try {
        rtp.receive(d);
      } catch (SocketTimeoutException e) {
        continue;
      }
      int off = 12 + 4 * (buf[0] & 0x0f);
      if ((buf[1] & 0x7f) != 0 || d.getLength() <= off) {
        continue;
      }
      pcmu++;
      int len = d.getLength() - off;
      byte[] payload = new byte[len];
      System.arraycopy(buf, off, payload, 0, len);
      G711.decodeUlaw(payload, 0, len, pcm);
      if (Goertzel.rms(pcm, 0, len) > Goertzel.SILENCE_RMS) {
        audible++;
      }
    }
    return new int[] {pcmu, audible};
  }

  private static TenantStats.QueueStats queue() {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals("support")).findFirst()
        .orElseThrow();
  }
}
