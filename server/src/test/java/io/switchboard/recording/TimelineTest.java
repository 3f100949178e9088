package io.switchboard.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.G711;
import org.junit.jupiter.api.Test;

/** Frames on the media clock: a jitter burst keeps its order, a runaway burst snaps back, late frames are dropped. */
class TimelineTest {
  static final long MS = 1_000_000L;

  /** A frame whose every sample is {@code value} (µ-law), to see where it landed. */
  static byte[] frame(int value) {
    byte[] b = new byte[160];
    java.util.Arrays.fill(b, G711.linearToUlaw(value));
    return b;
  }

  static short sampleAt(byte[] interleaved, int sample, int channel) {
    int o = sample * 4 + channel * 2;
    return (short) ((interleaved[o] & 0xFF) | (interleaved[o + 1] << 8));
  }

  @Test
  void aBurstOfLateFramesIsPlacedInOrderAfterEachOther() {
    Timeline t = new Timeline(0);
    t.add(0, false, frame(1000), 0);            // slot 0
    t.add(0, false, frame(2000), 60 * MS);      // arrives 40 ms late with the next two: slots 3, 4, 5
    t.add(0, false, frame(3000), 60 * MS);
    t.add(0, false, frame(4000), 60 * MS);
    byte[] out = t.drain(6 * 160);
    assertThat(out).hasSize(6 * 160 * 4);
    int[] expected = {1000, 0, 0, 2000, 3000, 4000};
    for (int slot = 0; slot < 6; slot++) {
      assertThat((int) sampleAt(out, slot * 160 + 80, 0)).as("slot %d", slot)
          .isCloseTo(expected[slot], org.assertj.core.data.Offset.offset(expected[slot] / 16 + 40));
      assertThat(sampleAt(out, slot * 160 + 80, 1)).as("the other channel is silent").isZero();
    }
    assertThat(t.dropped()).isZero();
  }

  @Test
  void framesPushedMoreThan100msAheadAreDroppedAndTheChannelSnapsBackToRealTime() {
    Timeline t = new Timeline(0);
    for (int i = 0; i < 7; i++) {
      t.add(1, false, frame(1000), 0); // seven at once: slots 0..5 fit (at most 5 frames ahead), the 7th does not
    }
    assertThat(t.dropped()).isEqualTo(1);
    t.add(1, false, frame(-3000), 20 * MS); // the next goes where it arrived (slot 1), not after slot 5
    byte[] out = t.drain(160 * 10);
    assertThat((int) sampleAt(out, 160 + 80, 1)).isCloseTo(-3000, org.assertj.core.data.Offset.offset(250));
    assertThat((int) sampleAt(out, 5 * 160 + 80, 1)).isCloseTo(1000, org.assertj.core.data.Offset.offset(100));
    assertThat(sampleAt(out, 6 * 160 + 80, 1)).as("the dropped one").isZero();
    assertThat(t.written()).isEqualTo(1600);
  }

  @Test
  void framesForAudioAlreadyWrittenAreDroppedAndPausesAreSilent() {
    Timeline t = new Timeline(0);
    t.add(0, false, frame(1000), 0);
    t.pause(10 * MS);
    t.resume(15 * MS);
    byte[] out = t.drain(160);
    assertThat(sampleAt(out, 40, 0)).as("before the pause").isNotZero();
    assertThat(sampleAt(out, 80, 0)).as("paused 10-15 ms").isZero();
    assertThat(sampleAt(out, 125, 0)).as("after").isNotZero();
    assertThat(t.pausedSpans()).containsExactly(new Timeline.Span(80, 120));
    t.add(1, false, frame(1000), 0); // its place is written
    assertThat(t.dropped()).isEqualTo(1);
  }
}
