package io.switchboard.support;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A 16-bit little-endian two-channel WAV file as the JDK reads it (so a file the JDK cannot parse fails the test):
 * its format, its frame count from the header, and its samples split into the two channels.
 */
public record StereoWav(AudioFormat format, long frames, short[] left, short[] right) {

  public static StereoWav read(byte[] file) throws Exception {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(file))) {
      byte[] pcm = in.readAllBytes();
      int n = pcm.length / 4;
      short[] l = new short[n];
      short[] r = new short[n];
      ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        l[i] = b.getShort();
        r[i] = b.getShort();
      }
      return new StereoWav(in.getFormat(), in.getFrameLength(), l, r);
    }
  }

  /** {left, right}. */
  public short[][] channels() {
    return new short[][] {left, right};
  }
}
