package io.switchboard.webrtc;

import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.ToneGenerator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Plain PCMU RTP packets for WebRTC tests: tones in, samples out. */
public final class TestRtp {
  private TestRtp() {}

  /** {@code packets} 20 ms PCMU packets (PT 0) of a sine at {@code hz}: seq from 1, timestamp +160. */
  public static List<byte[]> tone(double hz, int packets, int ssrc) {
    short[] pcm = ToneGenerator.samples(hz, 8000, packets * 160);
    List<byte[]> out = new ArrayList<>(packets);
    for (int i = 0; i < packets; i++) {
      short[] frame = new short[160];
      System.arraycopy(pcm, i * 160, frame, 0, 160);
      byte[] payload = new byte[160];
      G711.encodeUlaw(frame, payload);
      ByteBuffer b = ByteBuffer.allocate(12 + 160);
      b.put((byte) 0x80).put((byte) (i == 0 ? 0x80 : 0x00)).putShort((short) (i + 1)).putInt(i * 160).putInt(ssrc)
          .put(payload);
      out.add(b.array());
    }
    return out;
  }

  /** The PCMU payloads (PT 0, fixed 12-byte headers) in sequence order, decoded to 16-bit samples. */
  public static short[] decode(List<byte[]> packets) {
    List<byte[]> audio = new ArrayList<>();
    for (byte[] p : packets) {
      if (p.length > 12 && (p[1] & 0x7f) == 0) {
        audio.add(p);
      }
    }
    audio.sort(Comparator.comparingInt(p -> ((p[2] & 0xff) << 8) | (p[3] & 0xff)));
    short[] out = new short[audio.size() * 160];
    int n = 0;
    for (byte[] p : audio) {
      short[] s = new short[p.length - 12];
      G711.decodeUlaw(p, 12, p.length - 12, s);
      System.arraycopy(s, 0, out, n, Math.min(s.length, out.length - n));
      n += s.length;
    }
    return out;
  }
}
