package io.switchboard.media.rtcp;

import java.util.List;

/** One packet of an RTCP compound packet (RFC 3550 section 6.4-6.6). */
public sealed interface RtcpPacket {
  int SR = 200;
  int RR = 201;
  int SDES = 202;
  int BYE = 203;
  int APP = 204;

  /**
   * Reception report block (RFC 3550 6.4.1), all values as unsigned numbers.
   *
   * @param ssrc source this block reports on
   * @param fractionLost fraction lost since the previous report, in 1/256 units (0..255)
   * @param cumulativeLost packets lost since the start, 24-bit signed (-8388608..8388607)
   * @param extendedHighestSeq cycles << 16 | highest sequence received
   * @param jitter interarrival jitter in timestamp units
   * @param lastSr middle 32 bits of the NTP timestamp of the last SR received (LSR), 0 if none
   * @param delaySinceLastSr delay since that SR in 1/65536 s (DLSR)
   */
  record ReportBlock(int ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long jitter, long lastSr,
      long delaySinceLastSr) {}

  /**
   * SR (RFC 3550 6.4.1): the sender's wall clock (NTP format, 64 bits) and the RTP timestamp of the same instant,
   * so a receiver can synchronise and compute round-trip time.
   *
   * @param ntpTimestamp 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low 32)
   * @param rtpTimestamp RTP timestamp corresponding to ntpTimestamp, unsigned 32 bits
   * @param packetCount packets sent since the start, unsigned 32 bits
   * @param octetCount payload octets sent since the start, unsigned 32 bits
   */
  record SenderReport(int ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
      List<ReportBlock> reports) implements RtcpPacket {
    public SenderReport {
      reports = List.copyOf(reports);
    }
  }

  /** RR (RFC 3550 6.4.2). */
  record ReceiverReport(int ssrc, List<ReportBlock> reports) implements RtcpPacket {
    public ReceiverReport {
      reports = List.copyOf(reports);
    }
  }

  /** SDES (RFC 3550 6.5), only the CNAME item of each chunk is kept (the one RFC 3550 requires). */
  record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
    public SourceDescription {
      chunks = List.copyOf(chunks);
    }

    public record Chunk(int ssrc, String cname) {}
  }

  /** BYE (RFC 3550 6.6). */
  record Bye(List<Integer> ssrcs, String reason) implements RtcpPacket {
    public Bye {
      ssrcs = List.copyOf(ssrcs);
    }
  }

  /** APP, XR or any other type: kept opaque so a compound packet still parses. */
  record Other(int packetType, int length) implements RtcpPacket {}
}
