package io.switchboard.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Known values from ITU-T G.711 tables (as in the G.191 reference code) and structural properties. */
class G711Test {
  @Test
  void ulawKnownValues() {
    assertThat(G711.linearToUlaw(0)).isEqualTo((byte) 0xFF);
    assertThat(G711.linearToUlaw(-1)).isEqualTo((byte) 0x7F);
    assertThat(G711.linearToUlaw(32767)).isEqualTo((byte) 0x80);
    assertThat(G711.linearToUlaw(-32768)).isEqualTo((byte) 0x00);
    assertThat(G711.linearToUlaw(1000)).isEqualTo((byte) 0xCE);
    assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
    assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
    assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
    assertThat(G711.ulawToLinear((byte) 0xCE)).isEqualTo((short) 988);
    assertThat(G711.ulawToLinear((byte) 0xFE)).isEqualTo((short) 8);
  }

  @Test
  void alawKnownValues() {
    assertThat(G711.linearToAlaw(0)).isEqualTo((byte) 0xD5);
    assertThat(G711.linearToAlaw(-1)).isEqualTo((byte) 0x55);
    assertThat(G711.linearToAlaw(32767)).isEqualTo((byte) 0xAA);
    assertThat(G711.linearToAlaw(-32768)).isEqualTo((byte) 0x2A);
    assertThat(G711.linearToAlaw(1000)).isEqualTo((byte) 0xFA);
    assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
    assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
    assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
    assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
    assertThat(G711.alawToLinear((byte) 0xFA)).isEqualTo((short) 1008);
  }

  @Test
  void everyCodeSurvivesDecodeThenEncode() {
    for (int c = 0; c < 256; c++) {
      byte code = (byte) c;
      short lin = G711.ulawToLinear(code);
      byte back = G711.linearToUlaw(lin);
      // 0x7F (-0) decodes to 0 which encodes as 0xFF (+0): the only ambiguity of µ-law
      assertThat(back).isEqualTo(c == 0x7F ? (byte) 0xFF : code);
      assertThat(G711.linearToAlaw(G711.alawToLinear(code))).isEqualTo(code);
    }
  }

  @Test
  void quantisationErrorIsWithinTheSegmentStep() {
    for (int x = -32768; x <= 32767; x += 7) {
      int u = G711.ulawToLinear(G711.linearToUlaw(x));
      int a = G711.alawToLinear(G711.linearToAlaw(x));
      int bound = Math.max(16, Math.abs(x) / 16); // half a step of the 16-step segment, generously
      assertThat(Math.abs(u - Math.max(-32124, Math.min(32124, x)))).as("ulaw %d", x).isLessThanOrEqualTo(bound + 4);
      assertThat(Math.abs(a - Math.max(-32256, Math.min(32256, x)))).as("alaw %d", x).isLessThanOrEqualTo(bound + 4);
    }
  }

  @Test
  void frameEncodersGiveTheReferenceCodeOfEverySample() {
    short[] pcm = new short[1 << 16];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (i - 32768);
    }
    byte[] ulaw = new byte[pcm.length];
    byte[] alaw = new byte[pcm.length];
    G711.encodeUlaw(pcm, ulaw);
    G711.encodeAlaw(pcm, alaw);
    for (int i = 0; i < pcm.length; i++) {
      assertThat(ulaw[i]).as("ulaw %d", pcm[i]).isEqualTo(G711.linearToUlaw(pcm[i]));
      assertThat(alaw[i]).as("alaw %d", pcm[i]).isEqualTo(G711.linearToAlaw(pcm[i]));
    }
  }
}
