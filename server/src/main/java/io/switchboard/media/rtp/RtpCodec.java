package io.switchboard.media.rtp;

/**
 * Parses and serialises RTP data packets (RFC 3550 5.1). Stateless and thread-safe. Validation follows the header
 * checks of RFC 3550 appendix A.1: version 2, the CSRC list, extension and padding must fit in the datagram, and
 * the padding count must be non-zero and not exceed the payload. Rejections carry a stable reason for counting.
 */
public final class RtpCodec {
  private RtpCodec() {}

  public static RtpPacket parse(byte[] data) throws RtpFormatException {
    return parse(data, 0, data.length);
  }

  public static RtpPacket parse(byte[] d, int off, int len) throws RtpFormatException {
    if (len < RtpPacket.HEADER_BYTES) {
      throw new RtpFormatException("too-short", "RTP packet of " + len + " bytes, header needs 12");
    }
    int b0 = d[off] & 0xFF;
    int version = b0 >>> 6;
    if (version != RtpPacket.VERSION) {
      throw new RtpFormatException("bad-version", "RTP version " + version + ", expected 2");
    }
    boolean padding = (b0 & 0x20) != 0;
    boolean extension = (b0 & 0x10) != 0;
    int cc = b0 & 0x0F;
    int b1 = d[off + 1] & 0xFF;
    boolean marker = (b1 & 0x80) != 0;
    int pt = b1 & 0x7F;
    if (pt >= 72 && pt <= 76) {
      // RFC 3550 5.3 / RFC 5761 4: these values collide with RTCP SR/RR/SDES/BYE/APP packet types.
      throw new RtpFormatException("rtcp-in-rtp", "payload type " + pt + " is reserved (RTCP conflict)");
    }
    int seq = ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
    long ts = readU32(d, off + 4);
    int ssrc = (int) readU32(d, off + 8);
    int pos = RtpPacket.HEADER_BYTES;
    if (len < pos + 4 * cc) {
      throw new RtpFormatException("bad-length", "CSRC count " + cc + " exceeds packet");
    }
    int[] csrcs = new int[cc];
    for (int i = 0; i < cc; i++, pos += 4) {
      csrcs[i] = (int) readU32(d, off + pos);
    }
    int profile = -1;
    byte[] ext = null;
    if (extension) {
      if (len < pos + 4) {
        throw new RtpFormatException("bad-length", "extension header exceeds packet");
      }
      profile = ((d[off + pos] & 0xFF) << 8) | (d[off + pos + 1] & 0xFF);
      int words = ((d[off + pos + 2] & 0xFF) << 8) | (d[off + pos + 3] & 0xFF);
      pos += 4;
      if (len < pos + 4 * words) {
        throw new RtpFormatException("bad-length", "extension length " + words + " words exceeds packet");
      }
      ext = slice(d, off + pos, 4 * words);
      pos += 4 * words;
    }
    int end = len;
    if (padding) {
      int pad = d[off + len - 1] & 0xFF;
      if (pad == 0 || pos + pad > len) {
        throw new RtpFormatException("bad-padding", "padding count " + pad + " invalid");
      }
      end = len - pad;
    }
    return new RtpPacket(marker, pt, seq, ts, ssrc, csrcs, profile, ext, slice(d, off + pos, end - pos));
  }

  /** Serialises without padding. */
  public static byte[] serialize(RtpPacket p) {
    return serialize(p, 0);
  }

  /**
   * Serialises without padding into an array {@code spare} bytes longer than the packet, so that a layer below can
   * append its trailer in place (SRTP's authentication tag) instead of copying the packet once more.
   */
  public static byte[] serialize(RtpPacket p, int spare) {
    byte[] out = new byte[p.size() + spare];
    serializeInto(p, out);
    return out;
  }

  /**
   * Serialises into the start of {@code out} (at least {@link RtpPacket#size()} long) and returns the length: for
   * a sender that reuses one buffer.
   */
  public static int serializeInto(RtpPacket p, byte[] out) {
    int cc = p.csrcs().length;
    out[0] = (byte) ((RtpPacket.VERSION << 6) | (p.hasExtension() ? 0x10 : 0) | cc);
    out[1] = (byte) ((p.marker() ? 0x80 : 0) | p.payloadType());
    out[2] = (byte) (p.sequence() >>> 8);
    out[3] = (byte) p.sequence();
    writeU32(out, 4, p.timestamp());
    writeU32(out, 8, p.ssrc() & 0xFFFFFFFFL);
    int pos = RtpPacket.HEADER_BYTES;
    for (int c : p.csrcs()) {
      writeU32(out, pos, c & 0xFFFFFFFFL);
      pos += 4;
    }
    if (p.hasExtension()) {
      out[pos] = (byte) (p.extensionProfile() >>> 8);
      out[pos + 1] = (byte) p.extensionProfile();
      int words = p.extension().length / 4;
      out[pos + 2] = (byte) (words >>> 8);
      out[pos + 3] = (byte) words;
      pos += 4;
      System.arraycopy(p.extension(), 0, out, pos, p.extension().length);
      pos += p.extension().length;
    }
    System.arraycopy(p.payload(), 0, out, pos, p.payload().length);
    return pos + p.payload().length;
  }

  /**
   * RFC 5761 4: demultiplexes RTP from RTCP on one port by the second byte (RTCP packet types 192..223 land on
   * payload types 64..95 with the marker bit set).
   */
  public static boolean looksLikeRtcp(byte[] d, int len) {
    if (len < 2) {
      return false;
    }
    int pt = d[1] & 0xFF;
    return pt >= 192 && pt <= 223;
  }

  static long readU32(byte[] d, int i) {
    return ((long) (d[i] & 0xFF) << 24) | ((d[i + 1] & 0xFF) << 16) | ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
  }

  static void writeU32(byte[] d, int i, long v) {
    d[i] = (byte) (v >>> 24);
    d[i + 1] = (byte) (v >>> 16);
    d[i + 2] = (byte) (v >>> 8);
    d[i + 3] = (byte) v;
  }

  private static byte[] slice(byte[] d, int from, int n) {
    byte[] out = new byte[n];
    System.arraycopy(d, from, out, 0, n);
    return out;
  }
}
