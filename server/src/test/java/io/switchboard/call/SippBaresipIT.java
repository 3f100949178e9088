package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.support.TestNodes;
import io.switchboard.support.BaresipPorts;
import io.switchboard.support.Tools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * baresip (Debian {@code baresip}) as a second, independent SIP client: run headless with a generated config (no
 * audio device: a tone WAV file as source, no player), it dials the demo number, waits in queue, and hangs up when
 * it quits ({@code -t}), which the node must count as an abandon.
 */
class SippBaresipIT {
  static Node node;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("baresip-it", Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void baresipCallsWaitsInQueueAndItsHangupIsCountedAbandoned() throws Exception {
    Path baresip = Tools.require("baresip");
    Path dir = Files.createTempDirectory("baresip");
    writeConfig(dir);
    long abandonedBefore = queue().abandoned();
    Path log = dir.resolve("baresip.log");
    Process p = new ProcessBuilder(baresip.toString(), "-f", dir.toString(), "-t", "6",
        "-e", "/dial sip:+15550100@127.0.0.1:" + node.sipPort())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(node.calls().activeCalls()).as(Files.readString(log)).isEqualTo(1);
        assertThat(queue().waiting()).as("baresip's call waiting in support").isEqualTo(1);
      });
      assertThat(node.media().activeSessions()).isEqualTo(1);
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("baresip quit").isTrue();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(queue().abandoned()).as(Files.readString(log)).isEqualTo(abandonedBefore + 1);
        assertThat(node.calls().activeCalls()).isZero();
        assertThat(node.media().activeSessions()).isZero();
      });
      assertThat(Files.readString(log)).contains("Call established");
    } finally {
      p.destroyForcibly();
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** config, accounts, contacts and a 60 s 440 Hz 8 kHz WAV (baresip 1.0's ausine only does 48 kHz). */
  private static void writeConfig(Path dir) throws IOException {
    Path tone = dir.resolve("tone.wav");
    writeTone(tone, 60);
    int rtp = EmbeddedRedis.freePort();
    Files.writeString(dir.resolve("config"), String.join("\n",
        "poll_method poll",
        "sip_listen 127.0.0.1:" + BaresipPorts.sipListen(), // baresip 1.0 also binds TLS on the next port
        "sip_transports udp", // newer baresip: UDP only (1.0 ignores it)
        "audio_source aufile," + tone,
        "audio_player aufile,/dev/null",
        "audio_alert aufile,/dev/null",
        "rtp_ports " + rtp + "-" + (rtp + 3),
        "module_path /usr/lib/baresip/modules",
        "module g711.so",
        "module aufile.so",
        "module menu.so",
        "module account.so",
        "module_app contact.so", ""));
    Files.writeString(dir.resolve("accounts"), "<sip:baresip@127.0.0.1>;regint=0;audio_codecs=PCMU\n");
    Files.writeString(dir.resolve("contacts"), "");
  }

  private static void writeTone(Path file, int seconds) throws IOException {
    int samples = 8000 * seconds;
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
        .putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(2 * samples);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(b.array());
    }
  }

  private static TenantStats.QueueStats queue() {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals("support")).findFirst()
        .orElseThrow();
  }
}
