package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.G711;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes of the mixing and recording benchmarks survive what the node does to mixed or recorded audio: G.711
 * decoded, summed with a silent party, encoded again; and they are found again in a WAV channel at any offset.
 */
class DecodedProbeTest {
  /** What the pacer would send, through {@link DecodedProbe#encoding}. */
  private static byte[] encoded(int stream, int seq) throws Exception {
    byte[] p = Probe.buffer();
    Probe.write(p, 0x0102_0304, seq, stream, 3, 0x7F7F_7F7F_7F7F_7F7FL); // 0x7F: what plain µ-law loses
    byte[][] out = new byte[1][];
    DecodedProbe.encoding(b -> out[0] = java.util.Arrays.copyOf(b.array(), b.limit())).send(ByteBuffer.wrap(p));
    return out[0];
  }

  @Test
  void aProbeMixedWithSilenceReadsBackWhileAPlainOneDoesNot() throws Exception {
    byte[] p = encoded(17, 4242);
    byte[] mixed = p.clone();
    for (int i = Probe.HEADER; i < Probe.LENGTH; i++) { // + a silent supervisor, encoded again: what the mix does
      mixed[i] = G711.linearToUlaw(G711.ulawToLinear(p[i]) + G711.ulawToLinear((byte) 0xFF));
    }
    DecodedProbe.Decoder d = new DecodedProbe.Decoder();
    assertThat(d.parse(mixed, 0, mixed.length)).isTrue();
    assertThat(d.fields.stream).isEqualTo(17);
    assertThat(d.fields.seq).isEqualTo(4242);
    assertThat(d.fields.sentNanos).isEqualTo(0x7F7F_7F7F_7F7F_7F7FL);
    assertThat(d.fields.phase).isEqualTo(3);

    byte[] plain = Probe.buffer();
    Probe.write(plain, 1, 1, 17, 3, 0x7F7F_7F7F_7F7F_7F7FL);
    for (int i = Probe.HEADER; i < Probe.LENGTH; i++) {
      plain[i] = G711.linearToUlaw(G711.ulawToLinear(plain[i]));
    }
    Probe.Fields f = new Probe.Fields();
    assertThat(f.parse(plain, 0, plain.length) && f.sentNanos == 0x7F7F_7F7F_7F7F_7F7FL).isFalse();
    assertThat(d.parse(plain, 0, plain.length)).as("a plain probe is not an encoded one").isFalse();
  }

  @Test
  void probesAreFoundInTheirWavChannelAtAnyOffset(@TempDir Path dir) throws Exception {
    int samples = 8000;
    ByteBuffer wav = ByteBuffer.allocate(44 + 4 * samples).order(ByteOrder.LITTLE_ENDIAN);
    byte[] a = encoded(5, 100);
    byte[] b = encoded(5, 101);
    byte[] c = encoded(5, 7);
    put(wav, 0, 333, a); // channel 1 at an offset off the 160-sample grid, then the next frame right after it
    put(wav, 0, 333 + 160, b);
    put(wav, 1, 4001, c);
    Path f = dir.resolve("r.wav");
    Files.write(f, wav.array());
    assertThat(DecodedProbe.probesInWav(f, 0)).isEqualTo(Map.of(5, Set.of(100, 101)));
    assertThat(DecodedProbe.probesInWav(f, 1)).isEqualTo(Map.of(5, Set.of(7)));
  }

  private static void put(ByteBuffer wav, int channel, int at, byte[] packet) {
    for (int i = 0; i < Probe.PAYLOAD; i++) {
      wav.putShort(44 + 4 * (at + i) + 2 * channel, G711.ulawToLinear(packet[Probe.HEADER + i]));
    }
  }
}
