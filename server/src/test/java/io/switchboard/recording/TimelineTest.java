package io.switchboard.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.G711;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Frames on the media clock by their RTP timestamps: a burst after a stall lands where its frames belong, a late
 * anchor moves back, SSRC changes and timestamp jumps re-anchor at arrival, wrap is continuous, a slow sender clock
 * is followed, a stall longer than the writer waits is kept, and only a stale frame whose place was written is
 * dropped.
 */
class TimelineTest {
  static final long MS = 1_000_000L;
  static final int A = 0x1111;
  static final int B = 0x2222;

  /** A frame whose every sample is {@code value} (µ-law), to see where it landed. */
  static byte[] frame(int value) {
    byte[] b = new byte[160];
    java.util.Arrays.fill(b, G711.linearToUlaw(value));
    return b;
  }

  /** The value frame {@code k} of a test stream carries: distinct for neighbours, never silence. */
  static int valueOf(int k) {
    return 500 * (k % 20 + 1);
  }

  /** Frame {@code k} of a stream whose timestamps start at {@code ts0}, arriving at {@code arrivalMs}. */
  static void add(Timeline t, int channel, int ssrc, long ts0, int k, long arrivalMs) {
    t.add(channel, false, frame(valueOf(k)), ssrc, (ts0 + 160L * k) & 0xFFFFFFFFL, arrivalMs * MS);
  }

  static short sampleAt(byte[] interleaved, int sample, int channel) {
    int o = sample * 4 + channel * 2;
    return (short) ((interleaved[o] & 0xFF) | (interleaved[o + 1] << 8));
  }

  /** The value in the middle of 20 ms slot {@code slot} of {@code out} (drained from sample 0). */
  static int slot(byte[] out, int slot, int channel) {
    return sampleAt(out, slot * 160 + 80, channel);
  }

  static void assertSlot(byte[] out, int slot, int channel, int value) {
    assertThat(slot(out, slot, channel)).as("slot %d of channel %d", slot, channel)
        .isCloseTo(value, Offset.offset(Math.abs(value) / 16 + 40));
  }

  /** The writer's part: every 100 ms up to {@code untilMs}, what is settled is drained onto {@code out}. */
  static java.io.ByteArrayOutputStream writerUntil(Timeline t, java.io.ByteArrayOutputStream out, long untilMs) {
    long settled = t.settled(untilMs * MS);
    while (t.written() < settled) {
      out.writeBytes(t.drain(settled));
    }
    return out;
  }

  @Test
  void aBurstAfterAStallLandsWhereItsTimestampsSayAndTheWriterWaitsForIt() {
    Timeline t = new Timeline(0);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int k = 0; k < 10; k++) { // 200 ms on time, both channels (each frame comes 20 ms after its start)
      add(t, 0, A, 1000, k, k * 20 + 20);
      add(t, 1, B, 90_000, k, k * 20 + 20);
    }
    // channel 0's path stalls for 400 ms: frames 10..29 come at once at 620 ms; channel 1 goes on
    for (int k = 10; k < 30; k++) {
      add(t, 1, B, 90_000, k, k * 20 + 20);
      writerUntil(t, out, k * 20 + 20);
    }
    assertThat(t.written()).as("the writer waited for the stalled channel").isLessThanOrEqualTo(11 * 160);
    for (int k = 10; k < 30; k++) {
      add(t, 0, A, 1000, k, 620);
    }
    for (int k = 30; k < 40; k++) {
      add(t, 0, A, 1000, k, k * 20 + 20);
      add(t, 1, B, 90_000, k, k * 20 + 20);
    }
    byte[] all = writerUntil(t, out, 2000).toByteArray();
    assertThat(t.dropped()).isZero();
    for (int k = 0; k < 40; k++) {
      assertSlot(all, k + 1, 0, valueOf(k)); // the first frame anchored at its arrival, 20 ms
      assertSlot(all, k + 1, 1, valueOf(k));
    }
  }

  @Test
  void aStreamWhoseFirstFramesCameLateMovesBackToWhereItsLaterFramesSayItBelongs() {
    Timeline t = new Timeline(0);
    for (int k = 0; k < 15; k++) { // the first 300 ms of the caller came at once at 300 ms
      add(t, 0, A, 5000, k, 300);
    }
    for (int k = 15; k < 25; k++) {
      add(t, 0, A, 5000, k, k * 20);
    }
    byte[] out = t.drain(25 * 160);
    assertThat(t.dropped()).isZero();
    for (int k = 0; k < 25; k++) {
      assertSlot(out, k, 0, valueOf(k));
    }
  }

  @Test
  void aNewSsrcIsAnchoredAtItsArrivalAndAReorderedFrameFillsItsSlot() {
    Timeline t = new Timeline(0);
    for (int k = 0; k < 5; k++) {
      add(t, 0, A, 7000, k, k * 20);
    }
    // a re-INVITE: another SSRC with unrelated timestamps from 200 ms on, its frames 2 and 3 swapped
    add(t, 0, B, 3_000_000_000L, 0, 200);
    add(t, 0, B, 3_000_000_000L, 1, 220);
    add(t, 0, B, 3_000_000_000L, 3, 260);
    add(t, 0, B, 3_000_000_000L, 2, 262);
    byte[] out = t.drain(14 * 160);
    assertThat(t.dropped()).isZero();
    for (int k = 0; k < 5; k++) {
      assertSlot(out, k, 0, valueOf(k));
    }
    assertThat(slot(out, 5, 0)).as("no frame came for 100-200 ms: silence").isZero();
    for (int k = 0; k < 4; k++) {
      assertSlot(out, 10 + k, 0, valueOf(k));
    }
  }

  @Test
  void timestampsWrapPast2To32WithoutABreak() {
    Timeline t = new Timeline(0);
    long ts0 = 0xFFFFFFFFL - 160 * 3 + 1; // the fourth frame's timestamp wraps to 0
    for (int k = 0; k < 8; k++) {
      add(t, 1, A, ts0, k, k * 20);
    }
    byte[] out = t.drain(8 * 160);
    assertThat(t.dropped()).isZero();
    for (int k = 0; k < 8; k++) {
      assertSlot(out, k, 1, valueOf(k));
    }
  }

  @Test
  void timestampJumpsEitherWayReanchorAtArrivalWithoutLosingOrOverwritingFrames() {
    Timeline t = new Timeline(0);
    for (int k = 0; k < 5; k++) {
      add(t, 0, A, 10_000, k, k * 20);
    }
    t.add(0, false, frame(7000), A, (10_000 - 80_000) & 0xFFFFFFFFL, 100 * MS); // 10 s back: slot 5
    t.add(0, false, frame(-7000), A, 10_000 + 80_000, 140 * MS); // 10 s forward: slot 7
    byte[] out = t.drain(9 * 160);
    assertThat(t.dropped()).isZero();
    for (int k = 0; k < 5; k++) {
      assertSlot(out, k, 0, valueOf(k));
    }
    assertSlot(out, 5, 0, 7000);
    assertThat(slot(out, 6, 0)).isZero();
    assertSlot(out, 7, 0, -7000);
  }

  @Test
  void aSlowSenderClockIsFollowedSoItsFramesNeverFallBehindWhatIsWritten() {
    Timeline t = new Timeline(0);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    // 5 % slow: a 20 ms frame every 21 ms for 90 s, so the timestamps fall 4.5 s behind the clock; channel 1 on time
    long ms = 0;
    for (int k = 0; ms < 90_000; k++, ms = k * 21L) {
      add(t, 0, A, 0, k, ms);
      add(t, 1, B, 0, (int) (ms / 20), ms);
      if (k % 5 == 0) {
        writerUntil(t, out, ms);
      }
    }
    assertThat(t.dropped()).as("a drift of 4.5 s is more than the writer waits (3 s)").isZero();
  }

  @Test
  void aStallLongerThanTheWriterWaitsKeepsItsBurstFromWhereTheFileIsOpen() {
    Timeline t = new Timeline(0);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    add(t, 0, A, 0, 0, 20);
    for (int k = 0; k < 200; k++) { // channel 1 goes on for 4 s; channel 0 stalls after its first frame
      add(t, 1, B, 0, k, k * 20 + 20);
      writerUntil(t, out, k * 20 + 20);
    }
    assertThat(t.written()).as("the writer waited 3 s, no more").isEqualTo((4000 - 3000) * 8);
    for (int k = 1; k < 200; k++) { // the stalled 4 s come at once: the first second's places are written
      add(t, 0, A, 0, k, 4020);
    }
    assertThat(t.dropped()).as("the burst is kept").isZero();
    byte[] all = writerUntil(t, out, 9000).toByteArray();
    assertSlot(all, 1, 0, valueOf(0));
    for (int k = 1; k < 200; k++) { // from the first open slot (50: 1000 ms) on, in order
      assertSlot(all, 49 + k, 0, valueOf(k));
    }
  }

  @Test
  void anOlderFrameWhosePlaceWasWrittenIsDroppedAsLate() {
    Timeline t = new Timeline(0);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int k = 0; k < 21; k++) {
      add(t, 0, A, 0, k, k * 20);
      add(t, 1, B, 0, k, k * 20);
    }
    writerUntil(t, out, 420);
    assertThat(t.written()).isEqualTo(320 * 8);
    add(t, 0, A, 0, 12, 425); // frame 12 (240 ms) again, 185 ms late: a newer one came, its place is written
    assertThat(t.dropped(Timeline.Drop.LATE)).isEqualTo(1);
    add(t, 0, A, 0, 19, 426); // frame 19 again: not written yet, it lands on itself
    assertThat(t.dropped()).isEqualTo(1);
  }

  @Test
  void pausedSpansAreSilent() {
    Timeline t = new Timeline(0);
    add(t, 0, A, 0, 0, 0);
    t.pause(10 * MS);
    t.resume(15 * MS);
    byte[] out = t.drain(160);
    assertThat(sampleAt(out, 40, 0)).as("before the pause").isNotZero();
    assertThat(sampleAt(out, 80, 0)).as("paused 10-15 ms").isZero();
    assertThat(sampleAt(out, 125, 0)).as("after").isNotZero();
    assertThat(t.pausedSpans()).containsExactly(new Timeline.Span(80, 120));
  }
}
