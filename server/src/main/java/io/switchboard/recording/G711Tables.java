package io.switchboard.recording;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * G.711 µ-law and A-law to signed 16-bit linear PCM, as 256-entry tables decoded once by the JDK's own codecs
 * ({@link AudioSystem#getAudioInputStream(AudioFormat, AudioInputStream)} from ULAW / ALAW to PCM_SIGNED): the
 * recorder's decoding is the JDK's, not a hand-written one. Immutable and thread-safe after class initialisation.
 */
final class G711Tables {
  static final float RATE = 8000f;
  private static final short[] ULAW = decodeAll(AudioFormat.Encoding.ULAW);
  private static final short[] ALAW = decodeAll(AudioFormat.Encoding.ALAW);

  private G711Tables() {}

  static short ulaw(byte code) {
    return ULAW[code & 0xFF];
  }

  static short alaw(byte code) {
    return ALAW[code & 0xFF];
  }

  /** Every one of the 256 codes through the JDK's converter to 16-bit little-endian PCM. */
  private static short[] decodeAll(AudioFormat.Encoding encoding) {
    byte[] codes = new byte[256];
    for (int i = 0; i < 256; i++) {
      codes[i] = (byte) i;
    }
    AudioFormat g711 = new AudioFormat(encoding, RATE, 8, 1, 1, RATE, false);
    AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, RATE, 16, 1, 2, RATE, false);
    try (AudioInputStream src = new AudioInputStream(new ByteArrayInputStream(codes), g711, 256);
        InputStream linear = AudioSystem.getAudioInputStream(pcm, src)) {
      byte[] bytes = linear.readNBytes(512);
      if (bytes.length != 512) {
        throw new IllegalStateException("the JDK decoded " + bytes.length / 2 + " of 256 " + encoding + " codes");
      }
      short[] out = new short[256];
      for (int i = 0; i < 256; i++) {
        out[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("this JDK cannot decode " + encoding + " to PCM", e);
    }
  }
}
