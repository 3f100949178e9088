package io.switchboard.media.session;

import io.switchboard.media.rtcp.RtcpPacket.ReportBlock;

/**
 * Per-source reception statistics of RFC 3550 appendix A.1 (sequence tracking with wrap-around), A.3 (expected and
 * lost packets) and A.8 (interarrival jitter), producing the report block of an SR/RR. Synchronised: updated on the
 * receiving media loop, read by the pacer thread when it builds a report.
 */
public final class ReceptionStats {
  private static final int MAX_DROPOUT = 3000;
  private static final int MAX_MISORDER = 100;

  private boolean started;
  private int maxSeq;
  private long cycles;
  private long baseSeq;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private double jitter;
  private long lastTransit;
  private boolean haveTransit;
  private long lastSrMiddle;
  private long lastSrArrivalNanos;

  /**
   * @param seq packet sequence number
   * @param rtpTimestamp packet timestamp
   * @param arrivalSamples arrival time in the same 8 kHz units (any origin, monotonic)
   */
  public synchronized void onPacket(int seq, long rtpTimestamp, long arrivalSamples) {
    if (!started) {
      started = true;
      maxSeq = seq;
      baseSeq = seq;
    } else {
      int delta = (seq - maxSeq) & 0xFFFF;
      if (delta < MAX_DROPOUT) {
        if (seq < maxSeq) {
          cycles += 1 << 16;
        }
        maxSeq = seq;
      } else if (delta <= 0x10000 - MAX_MISORDER) {
        // a very large jump: the source restarted; resynchronise (simplified A.1 without probation)
        maxSeq = seq;
        baseSeq = seq;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
      } // else: duplicate or reordered packet, counted below
    }
    received++;
    long transit = arrivalSamples - rtpTimestamp;
    if (haveTransit) {
      long d = Math.abs(transit - lastTransit);
      jitter += (d - jitter) / 16.0; // RFC 3550 6.4.1: J += (|D| - J) / 16
    }
    lastTransit = transit;
    haveTransit = true;
  }

  /** Remembers an SR from this source for LSR/DLSR (RFC 3550 6.4.1). */
  public synchronized void onSenderReport(long ntpMiddle32, long nowNanos) {
    lastSrMiddle = ntpMiddle32;
    lastSrArrivalNanos = nowNanos;
  }

  public synchronized long received() {
    return received;
  }

  /** The report block for {@code ssrc}, and starts a new interval for the fraction lost. */
  public synchronized ReportBlock reportBlock(int ssrc, long nowNanos) {
    long extMax = cycles + maxSeq;
    long expected = started ? extMax - baseSeq + 1 : 0;
    long lost = expected - received;
    long expectedInterval = expected - expectedPrior;
    long lostInterval = expectedInterval - (received - receivedPrior);
    expectedPrior = expected;
    receivedPrior = received;
    int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    long dlsr = lastSrMiddle == 0 ? 0 : (nowNanos - lastSrArrivalNanos) * 65536 / 1_000_000_000L;
    return new ReportBlock(ssrc, Math.min(255, fraction), (int) Math.max(-0x800000, Math.min(0x7FFFFF, lost)),
        extMax & 0xFFFFFFFFL, (long) jitter, lastSrMiddle, dlsr & 0xFFFFFFFFL);
  }

  public synchronized boolean started() {
    return started;
  }
}
