package io.switchboard.media.session;

import io.switchboard.media.rtp.RtpPacket;

/**
 * Header state of the one RTP stream a session sends (RFC 3550 5.1): a fixed SSRC, sequence numbers +1 per packet
 * from a random start, and a media clock (timestamp) +160 per 20 ms tick from a random start, whether or not a
 * packet carries audio in that tick. Also counts what RTCP SR reports. Pacer thread only, except the counters which
 * are read by RTCP code on the same thread.
 */
public final class OutgoingStream {
  private final int ssrc;
  private int nextSeq;
  private long mediaClock;
  private long packets;
  private long octets;
  private long lastSentTimestamp;
  private long lastSentNanos;

  /** @param initialSeq random 16-bit start; @param initialTimestamp random 32-bit start (RFC 3550 5.1 security) */
  public OutgoingStream(int ssrc, int initialSeq, long initialTimestamp) {
    this.ssrc = ssrc;
    this.nextSeq = initialSeq & 0xFFFF;
    this.mediaClock = initialTimestamp & 0xFFFFFFFFL;
  }

  public int ssrc() {
    return ssrc;
  }

  /** Timestamp of the current tick's frame. */
  public long mediaClock() {
    return mediaClock;
  }

  /** A packet at {@code timestamp} (the media clock, or an RFC 4733 event start), consuming one sequence number. */
  public RtpPacket packet(boolean marker, int pt, long timestamp, byte[] payload, long nowNanos) {
    RtpPacket p = RtpPacket.of(marker, pt, nextSeq, timestamp, ssrc, payload);
    nextSeq = (nextSeq + 1) & 0xFFFF;
    packets++;
    octets += payload.length;
    lastSentTimestamp = mediaClock;
    lastSentNanos = nowNanos;
    return p;
  }

  /** Advances the media clock by one frame; called once per tick after the tick's packet, if any. */
  public void advance(int samples) {
    mediaClock = (mediaClock + samples) & 0xFFFFFFFFL;
  }

  public long packets() {
    return packets;
  }

  public long octets() {
    return octets;
  }

  /**
   * The RTP timestamp for the wall-clock instant {@code nowNanos} (RFC 3550 6.4.1: the SR's RTP timestamp matches its
   * NTP timestamp, "not necessarily equal to the timestamp in any adjacent data packet"), extrapolated at 8 kHz from
   * the last packet sent.
   */
  public long timestampAt(long nowNanos) {
    if (packets == 0) {
      return mediaClock;
    }
    long samples = (nowNanos - lastSentNanos) * 8 / 1_000_000;
    return (lastSentTimestamp + samples) & 0xFFFFFFFFL;
  }
}
