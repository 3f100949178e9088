package io.switchboard.webrtc;

import java.util.Arrays;
import org.jitsi.utils.ByteArrayBuffer;

/** A growable byte window for jitsi-srtp (protect appends the tag, unprotect shrinks it). Not thread-safe. */
final class PacketBuffer implements ByteArrayBuffer {
  /** Room left for the largest SRTP/SRTCP trailer (16-byte GCM tag + 4-byte SRTCP index). */
  static final int TRAILER = WebRtcLeg.SRTP_TRAILER;

  private byte[] buf;
  private int off;
  private int len;

  PacketBuffer(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.len = len;
  }

  /** A copy of {@code data[off, off+len)} with room for a trailer. */
  static PacketBuffer copyOf(byte[] data, int off, int len) {
    byte[] b = new byte[len + TRAILER];
    System.arraycopy(data, off, b, 0, len);
    return new PacketBuffer(b, 0, len);
  }

  @Override
  public byte[] getBuffer() {
    return buf;
  }

  @Override
  public int getOffset() {
    return off;
  }

  @Override
  public int getLength() {
    return len;
  }

  @Override
  public void setLength(int len) {
    this.len = len;
  }

  @Override
  public void setOffset(int off) {
    this.off = off;
  }

  @Override
  public boolean isInvalid() {
    return false;
  }

  @Override
  public void readRegionToBuff(int pos, int n, byte[] out) {
    System.arraycopy(buf, off + pos, out, 0, n);
  }

  @Override
  public void grow(int howMuch) {
    if (off + len + howMuch > buf.length) {
      buf = Arrays.copyOf(buf, off + len + howMuch);
    }
  }

  @Override
  public void append(byte[] data, int n) {
    grow(n);
    System.arraycopy(data, 0, buf, off + len, n);
    len += n;
  }

  @Override
  public void shrink(int n) {
    len = Math.max(0, len - n);
  }
}
