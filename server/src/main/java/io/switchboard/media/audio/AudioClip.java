package io.switchboard.media.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Immutable decoded audio (8 kHz mono, linear 16-bit), shared by every source that plays it: a clip is loaded once
 * per node, a source only holds a position. Loads headerless µ-law ({@code .ul}, what the generator script writes)
 * or WAV (RIFF; PCM 16-bit, µ-law or A-law; 8 kHz mono only — resampling is the generator's job).
 */
public final class AudioClip {
  private final String name;
  private final short[] samples;

  public AudioClip(String name, short[] samples) {
    this.name = name;
    this.samples = samples.clone();
  }

  public String name() {
    return name;
  }

  public int length() {
    return samples.length;
  }

  public long durationMillis() {
    return samples.length * 1000L / AudioSource.SAMPLE_RATE;
  }

  /** Copies up to {@code n} samples from {@code from} into {@code out[off..]}; returns how many were copied. */
  int copy(int from, short[] out, int off, int n) {
    int k = Math.max(0, Math.min(n, samples.length - from));
    System.arraycopy(samples, from, out, off, k);
    return k;
  }

  public static AudioClip fromUlaw(String name, byte[] ulaw) {
    short[] s = new short[ulaw.length];
    G711.decodeUlaw(ulaw, 0, ulaw.length, s);
    return new AudioClip(name, s);
  }

  /** A clip from the class path, {@code .ul} (raw µ-law) or {@code .wav}. */
  public static AudioClip resource(String path) {
    try (InputStream in = AudioClip.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("audio resource not found: " + path);
      }
      byte[] bytes = in.readAllBytes();
      return path.endsWith(".wav") ? fromWav(path, bytes) : fromUlaw(path, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audio resource " + path, e);
    }
  }

  /** Parses a RIFF/WAVE file: format 1 (PCM 16-bit), 6 (A-law) or 7 (µ-law), mono, 8000 Hz. */
  public static AudioClip fromWav(String name, byte[] wav) {
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
      throw new IllegalArgumentException(name + ": not a RIFF/WAVE file");
    }
    int pos = 12;
    int format = -1;
    int bits = 0;
    while (pos + 8 <= wav.length) {
      int id = b.getInt(pos);
      int size = b.getInt(pos + 4);
      int body = pos + 8;
      if (size < 0 || body + size > wav.length) {
        throw new IllegalArgumentException(name + ": WAV chunk exceeds the file");
      }
      if (id == 0x20746d66) { // "fmt "
        format = b.getShort(body) & 0xFFFF;
        int channels = b.getShort(body + 2);
        int rate = b.getInt(body + 4);
        bits = b.getShort(body + 14);
        if (channels != 1 || rate != AudioSource.SAMPLE_RATE) {
          throw new IllegalArgumentException(name + ": WAV must be mono 8000 Hz, is " + channels + " ch " + rate + " Hz");
        }
      } else if (id == 0x61746164) { // "data"
        return new AudioClip(name, decode(name, format, bits, wav, body, size));
      }
      pos = body + size + (size & 1);
    }
    throw new IllegalArgumentException(name + ": WAV without data chunk");
  }

  private static short[] decode(String name, int format, int bits, byte[] wav, int off, int len) {
    short[] s;
    switch (format) {
      case 1 -> {
        if (bits != 16) {
          throw new IllegalArgumentException(name + ": PCM WAV must be 16-bit");
        }
        s = new short[len / 2];
        ByteBuffer.wrap(wav, off, len).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
      }
      case 6 -> {
        s = new short[len];
        G711.decodeAlaw(wav, off, len, s);
      }
      case 7 -> {
        s = new short[len];
        G711.decodeUlaw(wav, off, len, s);
      }
      default -> throw new IllegalArgumentException(name + ": unsupported WAV format " + format);
    }
    return s;
  }
}
