package io.switchboard.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoertzelTest {
  /** 200 ms of a tone through PCMU encode/decode, as it would arrive over RTP. */
  private static short[] pcmuTone(double hz) {
    ToneGenerator gen = ToneGenerator.sine(hz, 8000);
    short[] all = new short[1600];
    short[] frame = new short[160];
    byte[] ulaw = new byte[160];
    for (int f = 0; f < 10; f++) {
      gen.nextFrame(frame);
      G711.encodeUlaw(frame, ulaw);
      short[] dec = new short[160];
      G711.decodeUlaw(ulaw, 0, 160, dec);
      System.arraycopy(dec, 0, all, f * 160, 160);
    }
    return all;
  }

  @Test
  void tellsA440HzToneFromA1kHzTone() {
    short[] a = pcmuTone(440);
    short[] k = pcmuTone(1000);
    assertThat(Goertzel.detect(a, 440)).isTrue();
    assertThat(Goertzel.detect(a, 1000)).isFalse();
    assertThat(Goertzel.detect(k, 1000)).isTrue();
    assertThat(Goertzel.detect(k, 440)).isFalse();
    assertThat(Goertzel.relativePower(a, 0, a.length, 440, 8000)).isGreaterThan(0.9);
  }

  @Test
  void findsNoToneInSilenceOrQuietNoise() {
    short[] silence = new short[1600];
    assertThat(Goertzel.detect(silence, 440)).isFalse();
    short[] hiss = new short[1600];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < hiss.length; i++) {
      hiss[i] = (short) (r.nextGaussian() * 3000);
    }
    assertThat(Goertzel.detect(hiss, 440)).isFalse();
    assertThat(Goertzel.rms(hiss, 0, hiss.length)).isGreaterThan(1000);
  }

  @Test
  void findsBothTonesOfADtmfPair() {
    ToneGenerator five = new ToneGenerator(770, 1336, 16000, 200); // DTMF '5'
    short[] buf = new short[1600];
    short[] frame = new short[160];
    for (int f = 0; f < 10; f++) {
      assertThat(five.nextFrame(frame)).isTrue();
      System.arraycopy(frame, 0, buf, f * 160, 160);
    }
    assertThat(five.nextFrame(frame)).isFalse();
    assertThat(Goertzel.relativePower(buf, 0, 1600, 770, 8000)).isBetween(0.4, 0.6);
    assertThat(Goertzel.relativePower(buf, 0, 1600, 1336, 8000)).isBetween(0.4, 0.6);
    assertThat(Goertzel.relativePower(buf, 0, 1600, 941, 8000)).isLessThan(0.05);
  }
}
