package io.switchboard.media.rtp;

import java.util.Arrays;

/**
 * One RTP data packet (RFC 3550 section 5.1). Immutable value; arrays are not copied for speed, callers must not
 * mutate them after construction.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers  ...        |
 * </pre>
 *
 * @param marker M bit; for audio (RFC 3551 4.1) the first packet of a talk spurt
 * @param payloadType 7-bit PT (0 PCMU, 8 PCMA, dynamic 96..127 e.g. telephone-event)
 * @param sequence 16-bit sequence number, 0..65535
 * @param timestamp 32-bit media timestamp as an unsigned value in a long (0..2^32-1), 8 kHz units for G.711
 * @param ssrc 32-bit synchronisation source, kept as a Java int (bit pattern)
 * @param csrcs contributing sources (0..15)
 * @param extensionProfile header extension profile (RFC 3550 5.3.1), or -1 when there is no extension
 * @param extension header extension data (multiple of 4 bytes), empty when none
 * @param payload payload bytes (padding removed)
 */
public record RtpPacket(
    boolean marker,
    int payloadType,
    int sequence,
    long timestamp,
    int ssrc,
    int[] csrcs,
    int extensionProfile,
    byte[] extension,
    byte[] payload) {

  public static final int VERSION = 2;
  public static final int HEADER_BYTES = 12;
  private static final int[] NO_CSRC = new int[0];
  private static final byte[] NONE = new byte[0];

  public RtpPacket {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payloadType out of range: " + payloadType);
    }
    if (sequence < 0 || sequence > 0xFFFF) {
      throw new IllegalArgumentException("sequence out of range: " + sequence);
    }
    if (timestamp < 0 || timestamp > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("timestamp out of range: " + timestamp);
    }
    csrcs = csrcs == null ? NO_CSRC : csrcs;
    if (csrcs.length > 15) {
      throw new IllegalArgumentException("at most 15 CSRCs");
    }
    extension = extension == null ? NONE : extension;
    if (extensionProfile < -1 || extensionProfile > 0xFFFF || extension.length % 4 != 0
        || (extensionProfile < 0 && extension.length > 0)) {
      throw new IllegalArgumentException("bad header extension");
    }
    payload = payload == null ? NONE : payload;
  }

  /** A plain packet without CSRC or extension: what this node sends. */
  public static RtpPacket of(boolean marker, int pt, int seq, long ts, int ssrc, byte[] payload) {
    return new RtpPacket(marker, pt, seq, ts, ssrc, NO_CSRC, -1, NONE, payload);
  }

  public boolean hasExtension() {
    return extensionProfile >= 0;
  }

  /** Serialised size in bytes (no padding is ever added). */
  public int size() {
    return HEADER_BYTES + 4 * csrcs.length + (hasExtension() ? 4 + extension.length : 0) + payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtpPacket p && marker == p.marker && payloadType == p.payloadType && sequence == p.sequence
        && timestamp == p.timestamp && ssrc == p.ssrc && Arrays.equals(csrcs, p.csrcs)
        && extensionProfile == p.extensionProfile && Arrays.equals(extension, p.extension)
        && Arrays.equals(payload, p.payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new long[] {sequence, timestamp, ssrc, payloadType}) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "RtpPacket[pt=" + payloadType + " seq=" + sequence + " ts=" + timestamp + " ssrc="
        + Integer.toUnsignedString(ssrc) + (marker ? " M" : "") + " payload=" + payload.length + "B]";
  }
}
