package io.switchboard.recording;

import io.switchboard.support.StereoWav;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.sdp.AudioCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording writer on a fake media clock, into a real directory store: two channels on the 20 ms clock
 * (missing frames silent, length = the recorded time), the WAV header's sizes rewritten after every chunk, a file
 * cut in the middle of a chunk still read by the JDK's AudioSystem, paused spans silent and kept in the metadata,
 * and a full queue failing the recording without losing what was written.
 */
class RecordingWriterTest {
  static final long MS = 1_000_000L;
  static final double CALLER_HZ = 440;
  static final double HEARD_HZ = 1000;

  @TempDir
  Path dir;
  final AtomicLong now = new AtomicLong();
  final MemoryCatalog catalog = new MemoryCatalog();
  final AtomicInteger overflows = new AtomicInteger();
  final List<CallRecorder> failed = new ArrayList<>();

  RecordingWriter writer(LocalRecordingStore store) {
    return new RecordingWriter(store, catalog, Duration.ofSeconds(1), now::get,
        Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC), failed::add, why -> { }, false);
  }

  CallRecorder recorder(int queueFrames) {
    return new CallRecorder("rec-1", "demo", "sip-1", "alice", "support", "demo/2026/12/06/rec-1.wav",
        Instant.parse("2026-12-06T12:00:00Z"), 0, queueFrames, now::get, overflows::incrementAndGet);
  }

  /** One 20 ms µ-law frame of a sine at {@code hz}, phase-continuous over the recording's time. */
  static byte[] frame(double hz, long atMs) {
    byte[] out = new byte[160];
    for (int i = 0; i < 160; i++) {
      double t = (atMs * 8 + i) / 8000.0;
      out[i] = G711.linearToUlaw((int) (8000 * Math.sin(2 * Math.PI * hz * t)));
    }
    return out;
  }

  /** Both channels' frames of [fromMs, toMs) every 20 ms, the caller's left out in [gapFrom, gapTo). */
  void play(CallRecorder r, long fromMs, long toMs, long gapFrom, long gapTo) {
    for (long ms = fromMs; ms < toMs; ms += 20) {
      now.set(ms * MS);
      if (ms < gapFrom || ms >= gapTo) {
        r.received(AudioCodec.PCMU, frame(CALLER_HZ, ms), 0x1234, ms * 8, ms * MS);
      }
      r.sent(AudioCodec.PCMU, frame(HEARD_HZ, ms), 0x5678, 40_000 + ms * 8, ms * MS);
    }
  }

  /** Relative power of {@code hz} over [fromMs, toMs) of one channel; 0 for silence. */
  static double tone(short[] s, long fromMs, long toMs, double hz) {
    return Goertzel.relativePower(s, (int) fromMs * 8, (int) (toMs - fromMs) * 8, hz, 8000);
  }

  static double rms(short[] s, long fromMs, long toMs) {
    return Goertzel.rms(s, (int) fromMs * 8, (int) (toMs - fromMs) * 8);
  }

  static long headerDataSize(byte[] file) {
    return ByteBuffer.wrap(file, 40, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
  }

  static long headerRiffSize(byte[] file) {
    return ByteBuffer.wrap(file, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
  }

  @Test
  void twoAlignedChannelsWithSilenceForMissingFramesAndPausedSpansChunkByChunk() throws Exception {
    LocalRecordingStore store = new LocalRecordingStore(dir);
    RecordingWriter w = writer(store);
    CallRecorder r = recorder(500);
    w.add(r);
    w.tick(); // created: status recording
    assertThat(catalog.last().status()).isEqualTo(Recording.Status.RECORDING);
    Path file = dir.resolve("demo/2026/12/06/rec-1.wav");

    // 0-1.2 s, the caller's frames missing in [600, 800) ms
    play(r, 0, 1200, 600, 800);
    now.set(1200 * MS);
    w.tick(); // one chunk: audio up to 1.2 s - 100 ms margin
    byte[] first = Files.readAllBytes(file);
    assertThat(headerDataSize(first)).as("data size after the first chunk").isEqualTo(first.length - 44L)
        .isEqualTo(1100 * 8 * 4L);
    assertThat(headerRiffSize(first)).isEqualTo(first.length - 8L);

    // 1.2-1.5 s, pause at 1.5 s (frames offered while paused are not even queued), resume at 2.0 s
    play(r, 1200, 1500, 0, 0);
    now.set(1500 * MS);
    assertThat(r.pause()).isTrue();
    assertThat(r.state()).isEqualTo(CallRecorder.State.PAUSED);
    play(r, 1500, 2000, 0, 0);
    assertThat(r.frames).as("nothing of a paused span reaches the queue").allMatch(f -> f.nanos() < 1500 * MS);
    now.set(2000 * MS);
    assertThat(r.resume()).isTrue();
    play(r, 2000, 2400, 0, 0);
    now.set(2400 * MS);
    w.tick(); // second chunk, up to 2.3 s
    byte[] second = Files.readAllBytes(file);
    assertThat(headerDataSize(second)).as("data size after the second chunk").isEqualTo(second.length - 44L)
        .isEqualTo(2300 * 8 * 4L);
    assertThat(catalog.last().pausedSpans()).containsExactly(new Recording.Span(1500, 2000));

    // killed while appending the third chunk: the header still says two chunks, half a chunk of bytes follows
    play(r, 2400, 3000, 0, 0);
    now.set(3000 * MS);
    r.stop();
    w.tick(); // finished at 3.0 s
    byte[] whole = Files.readAllBytes(file);
    byte[] cut = Arrays.copyOf(whole, second.length + 1001);
    System.arraycopy(second, 0, cut, 0, 44);
    StereoWav partial = StereoWav.read(cut);
    assertThat(partial.frames()).as("a file cut mid-chunk plays what its header says").isEqualTo(2300 * 8L);
    assertThat(partial.left()).hasSize(2300 * 8);

    StereoWav wav = StereoWav.read(whole);
    assertThat(wav.format().getChannels()).isEqualTo(2);
    assertThat(wav.format().getSampleRate()).isEqualTo(8000f);
    assertThat(wav.format().getSampleSizeInBits()).isEqualTo(16);
    assertThat(wav.format().getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
    assertThat(wav.frames()).as("length = the recorded time, 3 s").isEqualTo(3000 * 8L);
    assertThat(tone(wav.left(), 100, 580, CALLER_HZ)).as("caller's tone in channel 1").isGreaterThan(0.9);
    assertThat(tone(wav.right(), 100, 580, HEARD_HZ)).as("what the caller heard in channel 2").isGreaterThan(0.9);
    assertThat(tone(wav.left(), 100, 580, HEARD_HZ)).as("channels apart").isLessThan(0.05);
    assertThat(rms(wav.left(), 620, 780)).as("missing frames are silence").isZero();
    assertThat(tone(wav.right(), 620, 780, HEARD_HZ)).as("the other channel goes on").isGreaterThan(0.9);
    assertThat(rms(wav.left(), 1520, 1980)).as("paused: channel 1 silent").isZero();
    assertThat(rms(wav.right(), 1520, 1980)).as("paused: channel 2 silent").isZero();
    assertThat(tone(wav.left(), 2040, 2960, CALLER_HZ)).as("after resume").isGreaterThan(0.9);
    assertThat(tone(wav.right(), 2040, 2960, HEARD_HZ)).isGreaterThan(0.9);

    Recording meta = catalog.last();
    assertThat(meta.status()).isEqualTo(Recording.Status.COMPLETE);
    assertThat(meta.durationMs()).isEqualTo(3000);
    assertThat(meta.bytes()).isEqualTo(whole.length);
    assertThat(meta.pausedSpans()).containsExactly(new Recording.Span(1500, 2000));
    assertThat(meta.endedAt()).isNotNull();
    assertThat(r.done).isTrue();
    assertThat(failed).isEmpty();
  }

  @Test
  void aFullQueueFailsTheRecordingAndWhatWasWrittenStaysPlayable() throws Exception {
    LocalRecordingStore store = new LocalRecordingStore(dir);
    RecordingWriter w = writer(store);
    CallRecorder r = recorder(60);
    w.add(r);
    w.tick();
    play(r, 0, 600, 0, 0); // 60 frames: the queue is full
    w.tick(); // nothing written yet (less than a chunk); the queue is empty again
    play(r, 600, 1400, 0, 0); // 80 frames: 60 fit, the next overflows
    assertThat(overflows.get()).isEqualTo(1);
    assertThat(r.state()).isEqualTo(CallRecorder.State.FAILED);
    play(r, 1400, 1600, 0, 0);
    assertThat(overflows.get()).as("a failed recording takes no more frames").isEqualTo(1);
    w.tick();
    assertThat(failed).containsExactly(r);
    Recording meta = catalog.last();
    assertThat(meta.status()).isEqualTo(Recording.Status.FAILED);
    assertThat(meta.failure()).isEqualTo("queue-overflow");
    StereoWav wav = StereoWav.read(Files.readAllBytes(dir.resolve("demo/2026/12/06/rec-1.wav")));
    assertThat(wav.frames()).as("everything up to the failure").isEqualTo(meta.durationMs() * 8)
        .isGreaterThanOrEqualTo(1200 * 8L);
    assertThat(tone(wav.left(), 100, 1100, CALLER_HZ)).isGreaterThan(0.9);
  }

  @Test
  void theJdkTablesDecodeWhatG711Encoded() {
    for (int x = -32000; x <= 32000; x += 97) {
      int tolerance = Math.max(Math.abs(x) / 16, 40); // one quantisation step of the sample's segment
      assertThat((int) G711Tables.ulaw(G711.linearToUlaw(x))).as("µ-law of %d", x).isCloseTo(x,
          org.assertj.core.data.Offset.offset(tolerance));
      assertThat((int) G711Tables.alaw(G711.linearToAlaw(x))).as("A-law of %d", x).isCloseTo(x,
          org.assertj.core.data.Offset.offset(tolerance));
    }
  }

  /** Keeps every saved row; {@link #last} is the newest. */
  static final class MemoryCatalog implements RecordingCatalog {
    final List<Recording> saved = new ArrayList<>();

    Recording last() {
      return saved.get(saved.size() - 1);
    }

    @Override
    public synchronized void save(Recording r) {
      saved.add(r);
    }

    @Override
    public List<Recording> ofCall(String tenant, String callId) {
      return saved.stream().filter(r -> r.tenant().equals(tenant) && r.callId().equals(callId)).toList();
    }

    @Override
    public Optional<Recording> get(String tenant, String id) {
      return saved.stream().filter(r -> r.tenant().equals(tenant) && r.id().equals(id)).reduce((a, b) -> b);
    }

    @Override
    public void listened(String tenant, String id, String user, String range) {}
  }
}
