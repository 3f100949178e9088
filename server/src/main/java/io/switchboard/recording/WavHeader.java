package io.switchboard.recording;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 44-byte RIFF/WAVE header of a recording: PCM, signed 16-bit little-endian, 8000 Hz, {@value #CHANNELS}
 * channels interleaved (channel 1 the caller as received, channel 2 what the caller heard). The RIFF and data sizes
 * are those of the audio written so far: the writer rewrites this header after every chunk, so a file cut after
 * any chunk is a complete, playable WAV of that much audio (bytes beyond the data size are ignored by readers).
 */
final class WavHeader {
  static final int BYTES = 44;
  static final int CHANNELS = 2;
  static final int SAMPLE_RATE = 8000;
  static final int BYTES_PER_FRAME = 2 * CHANNELS;
  static final int BYTES_PER_SECOND = SAMPLE_RATE * BYTES_PER_FRAME;

  private WavHeader() {}

  /** The header for {@code dataBytes} bytes of interleaved samples (a multiple of {@link #BYTES_PER_FRAME}). */
  static byte[] of(long dataBytes) {
    if (dataBytes < 0 || dataBytes % BYTES_PER_FRAME != 0 || dataBytes > 0xFFFFFFFFL - 36) {
      throw new IllegalArgumentException("data size " + dataBytes);
    }
    ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataBytes)).put(new byte[] {'W', 'A', 'V', 'E'});
    b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16)
        .putShort((short) 1)                  // PCM
        .putShort((short) CHANNELS)
        .putInt(SAMPLE_RATE)
        .putInt(BYTES_PER_SECOND)
        .putShort((short) BYTES_PER_FRAME)    // block align
        .putShort((short) 16);                // bits per sample
    b.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
    return b.array();
  }
}
