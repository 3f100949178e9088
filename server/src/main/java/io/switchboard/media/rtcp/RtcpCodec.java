package io.switchboard.media.rtcp;

import io.switchboard.media.rtcp.RtcpPacket.Bye;
import io.switchboard.media.rtcp.RtcpPacket.Other;
import io.switchboard.media.rtcp.RtcpPacket.ReceiverReport;
import io.switchboard.media.rtcp.RtcpPacket.ReportBlock;
import io.switchboard.media.rtcp.RtcpPacket.SenderReport;
import io.switchboard.media.rtcp.RtcpPacket.SourceDescription;
import io.switchboard.media.rtp.RtpFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RTCP compound packets (RFC 3550 6.1). Parsing applies the validity checks of RFC 3550 appendix A.2: version 2,
 * the first packet is SR or RR, padding only on the last packet, and the lengths add up exactly to the datagram.
 * Stateless and thread-safe.
 */
public final class RtcpCodec {
  private RtcpCodec() {}

  public static List<RtcpPacket> parse(byte[] d, int off, int len) throws RtpFormatException {
    if (len < 8) {
      throw new RtpFormatException("too-short", "RTCP packet of " + len + " bytes");
    }
    List<RtcpPacket> out = new ArrayList<>(3);
    int pos = off;
    int end = off + len;
    while (pos < end) {
      if (end - pos < 4) {
        throw new RtpFormatException("bad-length", "trailing " + (end - pos) + " bytes");
      }
      int b0 = d[pos] & 0xFF;
      if (b0 >>> 6 != 2) {
        throw new RtpFormatException("bad-version", "RTCP version " + (b0 >>> 6));
      }
      int count = b0 & 0x1F;
      int type = d[pos + 1] & 0xFF;
      int bytes = 4 * (((d[pos + 2] & 0xFF) << 8 | (d[pos + 3] & 0xFF)) + 1);
      if (pos + bytes > end) {
        throw new RtpFormatException("bad-length", "RTCP length " + bytes + " exceeds datagram");
      }
      int bodyEnd = pos + bytes;
      if ((b0 & 0x20) != 0) {
        if (bodyEnd != end) {
          throw new RtpFormatException("bad-padding", "padding on a packet that is not the last");
        }
        int pad = d[end - 1] & 0xFF;
        if (pad == 0 || pad > bytes - 4) {
          throw new RtpFormatException("bad-padding", "padding count " + pad);
        }
        bodyEnd -= pad;
      }
      if (out.isEmpty() && type != RtcpPacket.SR && type != RtcpPacket.RR) {
        throw new RtpFormatException("bad-compound", "compound RTCP must start with SR or RR, got " + type);
      }
      out.add(parseOne(d, pos, type, count, bodyEnd));
      pos += bytes;
    }
    return out;
  }

  private static RtcpPacket parseOne(byte[] d, int pos, int type, int count, int end) throws RtpFormatException {
    int p = pos + 4;
    switch (type) {
      case RtcpPacket.SR -> {
        need(p + 24 + 24 * count, end, "SR");
        int ssrc = (int) u32(d, p);
        long ntp = (u32(d, p + 4) << 32) | u32(d, p + 8);
        return new SenderReport(ssrc, ntp, u32(d, p + 12), u32(d, p + 16), u32(d, p + 20),
            blocks(d, p + 24, count));
      }
      case RtcpPacket.RR -> {
        need(p + 4 + 24 * count, end, "RR");
        return new ReceiverReport((int) u32(d, p), blocks(d, p + 4, count));
      }
      case RtcpPacket.BYE -> {
        need(p + 4 * count, end, "BYE");
        List<Integer> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          ssrcs.add((int) u32(d, p + 4 * i));
        }
        int r = p + 4 * count;
        String reason = null;
        if (r < end) {
          int n = d[r] & 0xFF;
          need(r + 1 + n, end, "BYE reason");
          reason = new String(d, r + 1, n, StandardCharsets.UTF_8);
        }
        return new Bye(ssrcs, reason);
      }
      case RtcpPacket.SDES -> {
        return sdes(d, p, count, end);
      }
      default -> {
        return new Other(type, end - pos);
      }
    }
  }

  private static SourceDescription sdes(byte[] d, int p, int count, int end) throws RtpFormatException {
    List<SourceDescription.Chunk> chunks = new ArrayList<>(count);
    for (int c = 0; c < count; c++) {
      need(p + 4, end, "SDES chunk");
      int ssrc = (int) u32(d, p);
      p += 4;
      String cname = null;
      while (true) {
        need(p + 1, end, "SDES item");
        int item = d[p] & 0xFF;
        if (item == 0) {
          p = (p + 4) & ~3; // the null item, then pad to the next 32-bit boundary
          break;
        }
        need(p + 2, end, "SDES item");
        int n = d[p + 1] & 0xFF;
        need(p + 2 + n, end, "SDES item");
        if (item == 1) {
          cname = new String(d, p + 2, n, StandardCharsets.UTF_8);
        }
        p += 2 + n;
      }
      chunks.add(new SourceDescription.Chunk(ssrc, cname));
    }
    return new SourceDescription(chunks);
  }

  private static List<ReportBlock> blocks(byte[] d, int p, int count) {
    List<ReportBlock> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++, p += 24) {
      int lost = ((d[p + 5] & 0xFF) << 16) | ((d[p + 6] & 0xFF) << 8) | (d[p + 7] & 0xFF);
      lost = (lost << 8) >> 8; // 24-bit two's complement
      out.add(new ReportBlock((int) u32(d, p), d[p + 4] & 0xFF, lost, u32(d, p + 8), u32(d, p + 12), u32(d, p + 16),
          u32(d, p + 20)));
    }
    return out;
  }

  /** Serialises a compound packet (the caller puts SR/RR first and includes an SDES CNAME, RFC 3550 6.1). */
  public static byte[] serialize(List<? extends RtcpPacket> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    for (RtcpPacket p : packets) {
      out.writeBytes(serializeOne(p));
    }
    return out.toByteArray();
  }

  private static byte[] serializeOne(RtcpPacket p) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    int count;
    int type;
    if (p instanceof SenderReport sr) {
      type = RtcpPacket.SR;
      count = sr.reports().size();
      put32(b, sr.ssrc());
      put32(b, sr.ntpTimestamp() >>> 32);
      put32(b, sr.ntpTimestamp());
      put32(b, sr.rtpTimestamp());
      put32(b, sr.packetCount());
      put32(b, sr.octetCount());
      sr.reports().forEach(r -> putBlock(b, r));
    } else if (p instanceof ReceiverReport rr) {
      type = RtcpPacket.RR;
      count = rr.reports().size();
      put32(b, rr.ssrc());
      rr.reports().forEach(r -> putBlock(b, r));
    } else if (p instanceof SourceDescription s) {
      type = RtcpPacket.SDES;
      count = s.chunks().size();
      for (SourceDescription.Chunk c : s.chunks()) {
        put32(b, c.ssrc());
        byte[] name = c.cname() == null ? new byte[0] : c.cname().getBytes(StandardCharsets.UTF_8);
        int n = Math.min(255, name.length);
        b.write(1);
        b.write(n);
        b.write(name, 0, n);
        int used = 2 + n;
        b.writeBytes(new byte[4 - (used % 4)]); // at least one null octet ends the item list
      }
    } else if (p instanceof Bye bye) {
      type = RtcpPacket.BYE;
      count = bye.ssrcs().size();
      bye.ssrcs().forEach(s -> put32(b, s));
      if (bye.reason() != null) {
        byte[] r = bye.reason().getBytes(StandardCharsets.UTF_8);
        int n = Math.min(255, r.length);
        b.write(n);
        b.write(r, 0, n);
        b.writeBytes(new byte[(4 - (1 + n) % 4) % 4]);
      }
    } else {
      throw new IllegalArgumentException("cannot serialise opaque RTCP packet " + p);
    }
    if (count > 31) {
      throw new IllegalArgumentException("at most 31 items per RTCP packet");
    }
    byte[] body = b.toByteArray();
    int words = body.length / 4; // length field: 32-bit words minus one, the header being one word
    byte[] out = new byte[4 + body.length];
    out[0] = (byte) (0x80 | count);
    out[1] = (byte) type;
    out[2] = (byte) (words >>> 8);
    out[3] = (byte) words;
    System.arraycopy(body, 0, out, 4, body.length);
    return out;
  }

  private static void putBlock(ByteArrayOutputStream b, ReportBlock r) {
    put32(b, r.ssrc());
    b.write(r.fractionLost());
    int lost = Math.max(-0x800000, Math.min(0x7FFFFF, r.cumulativeLost()));
    b.write(lost >>> 16);
    b.write(lost >>> 8);
    b.write(lost);
    put32(b, r.extendedHighestSeq());
    put32(b, r.jitter());
    put32(b, r.lastSr());
    put32(b, r.delaySinceLastSr());
  }

  private static void put32(ByteArrayOutputStream b, long v) {
    b.write((int) (v >>> 24));
    b.write((int) (v >>> 16));
    b.write((int) (v >>> 8));
    b.write((int) v);
  }

  private static long u32(byte[] d, int i) {
    return ((long) (d[i] & 0xFF) << 24) | ((d[i + 1] & 0xFF) << 16) | ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
  }

  private static void need(int upTo, int end, String what) throws RtpFormatException {
    if (upTo > end) {
      throw new RtpFormatException("bad-length", what + " exceeds its RTCP length");
    }
  }
}
