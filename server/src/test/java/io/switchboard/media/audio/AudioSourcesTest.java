package io.switchboard.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AudioSourcesTest {
  private final short[] frame = new short[160];

  @Test
  void clipPlaysOncePaddingTheLastFrameThenEnds() {
    short[] s = new short[400];
    java.util.Arrays.fill(s, (short) 1);
    ClipSource once = ClipSource.once(new AudioClip("x", s));
    assertThat(once.nextFrame(frame)).isTrue();
    assertThat(once.nextFrame(frame)).isTrue();
    assertThat(once.nextFrame(frame)).isTrue(); // 80 samples then silence
    assertThat(frame[79]).isEqualTo((short) 1);
    assertThat(frame[80]).isZero();
    assertThat(once.nextFrame(frame)).isFalse();
  }

  @Test
  void loopWrapsAroundWithoutAGap() {
    short[] s = new short[100];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) i;
    }
    ClipSource loop = ClipSource.looping(new AudioClip("x", s));
    loop.nextFrame(frame);
    assertThat(frame[99]).isEqualTo((short) 99);
    assertThat(frame[100]).isZero();
    assertThat(frame[159]).isEqualTo((short) 59);
    loop.nextFrame(frame);
    assertThat(frame[0]).isEqualTo((short) 60);
  }

  @Test
  void sequencePlaysPartsInOrderWithoutSilentFramesBetween() {
    SequenceSource seq = SequenceSource.of(new ToneGenerator(440, 0, 1000, 40), Silence.millis(20),
        new ToneGenerator(1000, 0, 1000, 20));
    int frames = 0;
    while (seq.nextFrame(frame)) {
      frames++;
    }
    assertThat(frames).isEqualTo(4);
  }

  @Test
  void musicOnHoldAnnouncesEveryIntervalAndResumesTheMusic() {
    AtomicInteger built = new AtomicInteger();
    AudioSource music = ToneGenerator.sine(440, 1000);
    MusicOnHold moh = new MusicOnHold(music, () -> {
      built.incrementAndGet();
      return new ToneGenerator(1000, 0, 1000, 100); // 5 frames
    }, 200, 1000);
    int announcementFrames = 0;
    for (int i = 0; i < 10 + 5 + 50 + 5; i++) {
      moh.nextFrame(frame);
      if (Goertzel.detect(frame, 1000)) {
        announcementFrames++;
      }
    }
    assertThat(built.get()).isEqualTo(2); // after 200 ms of music, then after 1 s more
    assertThat(announcementFrames).isEqualTo(10);
    moh.nextFrame(frame);
    assertThat(Goertzel.detect(frame, 440)).isTrue();
  }

  @Test
  void numbersAreSpokenAsRecordedWords() {
    assertThat(Prompts.numberWords(0)).containsExactly("zero");
    assertThat(Prompts.numberWords(7)).containsExactly("seven");
    assertThat(Prompts.numberWords(40)).containsExactly("forty");
    assertThat(Prompts.numberWords(123)).containsExactly("one", "hundred", "twenty", "three");
    assertThat(Prompts.numberWords(2005)).containsExactly("two", "thousand", "five");
    assertThat(Prompts.numberWords(12000)).containsExactly("twelve", "thousand");
    assertThatThrownBy(() -> Prompts.numberWords(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyShippedPromptLoadsAndIsSpeechNotSilence() {
    Prompts prompts = new Prompts();
    for (String language : Prompts.languages()) {
      List<String> words = new java.util.ArrayList<>(Prompts.PHRASES);
      for (int n = 0; n <= 1100; n++) {
        words.addAll(Prompts.numberWords(language, n));
      }
      words.addAll(Prompts.numberWords(language, 21_000));
      for (String w : new java.util.TreeSet<>(words)) {
        AudioClip c = prompts.shipped(language, w);
        assertThat(c.durationMillis()).as(language + "/" + w).isBetween(150L, 12_000L);
      }
    }
    AudioClip music = prompts.music();
    assertThat(music.durationMillis()).isGreaterThanOrEqualTo(10_000);
    short[] s = new short[music.length()];
    music.copy(0, s, 0, s.length);
    assertThat(Goertzel.rms(s, 0, s.length)).as("music rms").isGreaterThan(500);
  }

  @Test
  void queueAnnouncementLastsAsLongAsItsWords() {
    Prompts p = new Prompts();
    AudioSource a = p.queueAnnouncement(3, 2);
    long expected = p.clip("you-are-caller-number").durationMillis() + p.clip("three").durationMillis()
        + p.clip("your-estimated-wait-is").durationMillis() + p.clip("about").durationMillis()
        + p.clip("two").durationMillis() + p.clip("minutes").durationMillis();
    int frames = 0;
    while (a.nextFrame(frame)) {
      frames++;
    }
    assertThat(frames * 20L).isBetween(expected, expected + 600 + 500 + 6 * 20);
  }

  @Test
  void readsPcmAndUlawWavFiles() {
    short[] pcm = {0, 1000, -1000, 32767};
    AudioClip c = AudioClip.fromWav("t.wav", wav(1, 16, pcmBytes(pcm)));
    short[] out = new short[4];
    c.copy(0, out, 0, 4);
    assertThat(out).containsExactly(pcm);
    AudioClip u = AudioClip.fromWav("u.wav", wav(7, 8, new byte[] {(byte) 0xFF, (byte) 0x80}));
    u.copy(0, out, 0, 2);
    assertThat(out[0]).isZero();
    assertThat(out[1]).isEqualTo((short) 32124);
    assertThatThrownBy(() -> AudioClip.fromWav("bad.wav", new byte[20])).hasMessageContaining("RIFF");
  }

  private static byte[] pcmBytes(short[] s) {
    ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : s) {
      b.putShort(v);
    }
    return b.array();
  }

  private static byte[] wav(int format, int bits, byte[] data) {
    ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) format).putShort((short) 1).putInt(8000).putInt(8000 * bits / 8)
        .putShort((short) (bits / 8)).putShort((short) bits);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes()).putInt(4 + 24 + 8 + data.length).put("WAVE".getBytes());
    o.writeBytes(h.array());
    o.writeBytes("fmt ".getBytes());
    o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(16).array());
    o.writeBytes(fmt.array());
    o.writeBytes("data".getBytes());
    o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
    o.writeBytes(data);
    return o.toByteArray();
  }
}
