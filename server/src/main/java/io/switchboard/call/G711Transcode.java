package io.switchboard.call;

import io.switchboard.media.audio.G711;

/** PCMA ↔ PCMU per byte through two 256-entry tables (built once from {@link G711}): no per-packet decode. */
final class G711Transcode {
  private static final byte[] ALAW_TO_ULAW = new byte[256];
  private static final byte[] ULAW_TO_ALAW = new byte[256];

  static {
    for (int i = 0; i < 256; i++) {
      ALAW_TO_ULAW[i] = G711.linearToUlaw(G711.alawToLinear((byte) i));
      ULAW_TO_ALAW[i] = G711.linearToAlaw(G711.ulawToLinear((byte) i));
    }
  }

  private G711Transcode() {}

  static byte[] alawToUlaw(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = ALAW_TO_ULAW[in[i] & 0xFF];
    }
    return out;
  }

  static byte[] ulawToAlaw(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = ULAW_TO_ALAW[in[i] & 0xFF];
    }
    return out;
  }
}
