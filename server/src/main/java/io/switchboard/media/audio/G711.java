package io.switchboard.media.audio;

/**
 * G.711 companding (ITU-T G.711; RTP payload types PCMU = 0 and PCMA = 8, RFC 3551 4.5.14), after the ITU-T
 * reference implementation (G.191 STL {@code g711.c}). Linear samples are signed 16-bit PCM. Encoding uses the
 * segment search of the reference code, and {@link #encodeUlaw}/{@link #encodeAlaw} (every paced packet: music,
 * prompts) look its results up in 65,536-entry tables built from it at class load (64 KiB each): one load per
 * sample instead of branches; decoding uses 256-entry tables. Stateless and thread-safe.
 */
public final class G711 {
  private static final int BIAS = 0x84; // µ-law bias, 132
  private static final int CLIP = 32635;
  private static final short[] ULAW_TO_LINEAR = new short[256];
  private static final short[] ALAW_TO_LINEAR = new short[256];
  /** Indexed by the sample's 16 bits ({@code sample & 0xFFFF}). */
  private static final byte[] LINEAR_TO_ULAW = new byte[1 << 16];
  private static final byte[] LINEAR_TO_ALAW = new byte[1 << 16];

  static {
    for (int i = 0; i < 256; i++) {
      ULAW_TO_LINEAR[i] = ulawDecode(i);
      ALAW_TO_LINEAR[i] = alawDecode(i);
    }
    for (int i = 0; i < 1 << 16; i++) {
      LINEAR_TO_ULAW[i] = linearToUlaw((short) i);
      LINEAR_TO_ALAW[i] = linearToAlaw((short) i);
    }
  }

  private G711() {}

  /** µ-law code of a linear sample (inverted bits as transmitted). */
  public static byte linearToUlaw(int pcm) {
    int sign = (pcm >> 8) & 0x80;
    if (sign != 0) {
      pcm = -pcm;
    }
    if (pcm > CLIP) {
      pcm = CLIP;
    }
    pcm += BIAS;
    int exponent = segment(pcm >> 7);
    int mantissa = (pcm >> (exponent + 3)) & 0x0F;
    return (byte) ~(sign | (exponent << 4) | mantissa);
  }

  /** A-law code of a linear sample (even bits inverted, XOR 0x55, as transmitted). */
  public static byte linearToAlaw(int pcm) {
    int mask;
    if (pcm >= 0) {
      mask = 0xD5; // sign bit set for positive values (G.711 A-law convention)
    } else {
      mask = 0x55;
      pcm = -pcm - 1;
    }
    if (pcm > 32767) {
      pcm = 32767;
    }
    int seg = pcm < 256 ? 0 : segment(pcm >> 8) + 1;
    if (seg >= 8) {
      return (byte) (0x7F ^ mask);
    }
    int aval = seg << 4;
    aval |= seg < 2 ? (pcm >> 4) & 0x0F : (pcm >> (seg + 3)) & 0x0F;
    return (byte) (aval ^ mask);
  }

  public static short ulawToLinear(byte code) {
    return ULAW_TO_LINEAR[code & 0xFF];
  }

  public static short alawToLinear(byte code) {
    return ALAW_TO_LINEAR[code & 0xFF];
  }

  public static void encodeUlaw(short[] pcm, byte[] out) {
    for (int i = 0; i < pcm.length; i++) {
      out[i] = LINEAR_TO_ULAW[pcm[i] & 0xFFFF];
    }
  }

  public static void encodeAlaw(short[] pcm, byte[] out) {
    for (int i = 0; i < pcm.length; i++) {
      out[i] = LINEAR_TO_ALAW[pcm[i] & 0xFFFF];
    }
  }

  public static void decodeUlaw(byte[] in, int off, int len, short[] out) {
    for (int i = 0; i < len; i++) {
      out[i] = ULAW_TO_LINEAR[in[off + i] & 0xFF];
    }
  }

  public static void decodeAlaw(byte[] in, int off, int len, short[] out) {
    for (int i = 0; i < len; i++) {
      out[i] = ALAW_TO_LINEAR[in[off + i] & 0xFF];
    }
  }

  /** Index of the highest set bit of a value below 256 (0 for 0 or 1): the G.711 segment number. */
  private static int segment(int v) {
    return v <= 1 ? 0 : 31 - Integer.numberOfLeadingZeros(v) > 7 ? 8 : 31 - Integer.numberOfLeadingZeros(v);
  }

  private static short ulawDecode(int u) {
    u = ~u & 0xFF;
    int t = ((u & 0x0F) << 3) + BIAS;
    t <<= (u & 0x70) >> 4;
    return (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
  }

  private static short alawDecode(int a) {
    a ^= 0x55;
    int t = (a & 0x0F) << 4;
    int seg = (a & 0x70) >> 4;
    switch (seg) {
      case 0 -> t += 8;
      case 1 -> t += 0x108;
      default -> {
        t += 0x108;
        t <<= seg - 1;
      }
    }
    return (short) ((a & 0x80) != 0 ? t : -t);
  }
}
