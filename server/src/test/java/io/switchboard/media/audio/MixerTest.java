package io.switchboard.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pure mixing core: sums per listener without its own voice, clipping, and the jitter buffer's silence. */
class MixerTest {
  private static final int N = AudioSource.FRAME_SAMPLES;

  private static short[] constant(int v) {
    short[] f = new short[N];
    java.util.Arrays.fill(f, (short) v);
    return f;
  }

  @Test
  void eachListenerGetsTheSumOfWhomItHearsNeverItself() {
    short[][] in = {constant(100), constant(20), constant(3)};
    boolean[][] hears = {{true, true, false}, {true, true, true}, {true, true, true}};
    short[][] out = {new short[N], new short[N], new short[N]};
    Mixer.mix(in, hears, out);
    assertThat(out[0][0]).as("0 hears 1 only (not itself, not 2)").isEqualTo((short) 20);
    assertThat(out[1][N - 1]).as("1 hears 0 and 2").isEqualTo((short) 103);
    assertThat(out[2][7]).as("2 hears 0 and 1").isEqualTo((short) 120);
  }

  @Test
  void sumsAreClippedNotWrapped() {
    boolean[][] all = {{true, true, true}, {true, true, true}, {true, true, true}};
    short[][] out = {new short[N], new short[N], new short[N]};
    Mixer.mix(new short[][] {constant(30000), constant(20000), null}, all, out);
    assertThat(out[2]).as("30000 + 20000, and a missing party adds nothing").containsOnly(Short.MAX_VALUE);
    assertThat(out[0]).containsOnly((short) 20000);
    Mixer.mix(new short[][] {constant(-30000), constant(-20000), null}, all, out);
    assertThat(out[2]).as("-30000 - 20000").containsOnly(Short.MIN_VALUE);
    assertThat(Mixer.clip(40000)).isEqualTo(Short.MAX_VALUE);
    assertThat(Mixer.clip(-123)).isEqualTo((short) -123);
  }

  @Test
  void aMissingFrameIsSilenceAndPlayoutGoesOnWithoutWaiting() {
    JitterBuffer jb = new JitterBuffer(2);
    short[] frame = new short[N];
    assertThat(jb.push(10, constant(5), N)).isTrue();
    assertThat(jb.pull(frame)).as("one frame buffered of a depth of two: not yet").isFalse();
    assertThat(frame).containsOnly((short) 0);
    jb.push(11, constant(6), N);
    assertThat(jb.pull(frame)).isTrue();
    assertThat(frame).containsOnly((short) 5);
    assertThat(jb.pull(frame)).isTrue();
    assertThat(frame).containsOnly((short) 6);
    // packet 12 never comes: the tick gets silence at once, no stall
    assertThat(jb.pull(frame)).isFalse();
    assertThat(frame).containsOnly((short) 0);
    jb.push(13, constant(7), N);
    jb.push(14, constant(8), N);
    assertThat(jb.pull(frame)).as("playout starts again at the depth").isTrue();
    assertThat(frame).containsOnly((short) 7);
  }

  @Test
  void lateAndDuplicatePacketsAreDroppedAndAPileUpIsCutBackToTheDepth() {
    JitterBuffer jb = new JitterBuffer(2);
    assertThat(jb.push(65535, constant(1), N)).isTrue();
    assertThat(jb.push(0, constant(2), N)).as("sequence wraps").isTrue();
    assertThat(jb.push(0, constant(3), N)).as("duplicate").isFalse();
    assertThat(jb.push(65534, constant(4), N)).as("late").isFalse();
    for (int seq = 1; seq <= 10; seq++) {
      jb.push(seq, constant(10 + seq), N);
    }
    assertThat(jb.buffered()).as("bounded delay").isLessThanOrEqualTo(6 * N);
    short[] frame = new short[N];
    short last = 0;
    while (jb.pull(frame)) {
      last = frame[0];
    }
    assertThat(last).as("the newest audio is kept").isEqualTo((short) 20);
  }

  @Test
  void packetsOfAnyLengthMakeWholeFrames() {
    JitterBuffer jb = new JitterBuffer(1);
    jb.push(1, constant(9), 80); // 10 ms packets
    short[] frame = new short[N];
    assertThat(jb.pull(frame)).isFalse();
    jb.push(2, constant(9), 80);
    jb.push(3, new short[240], 240); // a 30 ms packet
    assertThat(jb.pull(frame)).isTrue();
    assertThat(jb.pull(frame)).isTrue();
    assertThat(jb.buffered()).isEqualTo(80);
  }
}
