package io.switchboard.recording;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Call recording on this node: starts {@link CallRecorder}s (the media's taps), writes them on one
 * {@link RecordingWriter} thread into the {@link RecordingStore}, keeps their metadata in the
 * {@link RecordingCatalog}. Meters: {@code switchboard.recording.active}, {@code switchboard.recording.queue.overflow}
 * (frames a full queue refused; each fails its recording), {@code switchboard.recording.failed} (by reason),
 * {@code switchboard.recording.frames.dropped} (frames the timeline could not place, by {@code reason}). Thread-safe.
 */
public final class Recordings implements AutoCloseable {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  /**
   * @param queueFrames frames (20 ms, either channel) a recording may have waiting for the writer
   * @param chunk audio written per chunk (the most a dead node loses)
   */
  public record Options(int queueFrames, Duration chunk) {}

  private final RecordingStore store;
  private final RecordingCatalog catalog;
  private final Options options;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final RecordingWriter writer;
  private final Counter overflow;
  private final MeterRegistry meters;

  public Recordings(RecordingStore store, RecordingCatalog catalog, Options options, MeterRegistry meters,
      Clock clock) {
    this.store = store;
    this.catalog = catalog;
    this.options = options;
    this.clock = clock;
    this.meters = meters;
    this.overflow = Counter.builder("switchboard.recording.queue.overflow")
        .description("recorded frames refused by a full queue (the writer fell behind); each fails its recording")
        .register(meters);
    java.util.Map<Timeline.Drop, Counter> dropped = new java.util.EnumMap<>(Timeline.Drop.class);
    for (Timeline.Drop why : Timeline.Drop.values()) {
      dropped.put(why, Counter.builder("switchboard.recording.frames.dropped").tag("reason", why.tag())
          .description("recorded frames the writer could not place on the media clock, by reason")
          .register(meters));
    }
    this.writer = new RecordingWriter(store, catalog, options.chunk(), System::nanoTime, clock,
        this::countFailure, why -> dropped.get(why).increment(), true);
    Gauge.builder("switchboard.recording.active", writer, RecordingWriter::activeCount)
        .description("recordings being written on this node").strongReference(true).register(meters);
  }

  private void countFailure(CallRecorder r) {
    Counter.builder("switchboard.recording.failed").tag("tenant", r.tenant)
        .description("recordings that failed (the call went on; what was written stays readable)")
        .register(meters).increment();
    Consumer<CallRecorder> l = r.onFailure;
    if (l != null) {
      l.accept(r);
    }
  }

  /**
   * Starts recording a call from now on: attach the returned recorder to the caller's session as its audio tap.
   *
   * @param onFailure told on the writer's thread if the recording fails (hop to your own context)
   */
  public CallRecorder start(String tenant, String callId, String agentId, String queue,
      Consumer<CallRecorder> onFailure) {
    Instant now = clock.instant();
    String id = "rec-" + HexFormat.of().toHexDigits(random.nextLong());
    String key = tenant + "/" + DAY.format(now) + "/" + id + ".wav";
    CallRecorder r = new CallRecorder(id, tenant, callId, agentId, queue, key, now, System.nanoTime(),
        options.queueFrames(), System::nanoTime, overflow::increment);
    r.onFailure = onFailure;
    writer.add(r);
    return r;
  }

  /** The prefix of a voicemail's recording id (a call's recordings have {@code rec-}). */
  public static final String VOICEMAIL_PREFIX = "vm-";

  /**
   * Keeps a caller's voicemail (docs/voicemail.md): {@code samples} (8 kHz, 16-bit linear, the caller's audio
   * only) as a mono WAV in the store and its row in the catalog (no agent, status complete, one channel), under a
   * new id starting {@value #VOICEMAIL_PREFIX}. Blocking (file and JDBC): call it from a worker thread.
   */
  public Recording saveVoicemail(String tenant, String callId, String queue, Instant startedAt, short[] samples)
      throws Exception {
    String id = VOICEMAIL_PREFIX + HexFormat.of().toHexDigits(random.nextLong());
    String key = tenant + "/" + DAY.format(startedAt) + "/" + id + ".wav";
    byte[] pcm = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      pcm[2 * i] = (byte) samples[i];
      pcm[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(G711Tables.RATE, 16, 1, true, false);
    java.io.ByteArrayOutputStream wav = new java.io.ByteArrayOutputStream(pcm.length + 64);
    javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(
        new java.io.ByteArrayInputStream(pcm), format, samples.length), javax.sound.sampled.AudioFileFormat.Type.WAVE,
        wav);
    byte[] file = wav.toByteArray();
    int headerLength = file.length - pcm.length;
    try (RecordingStore.Upload up = store.create(key)) {
      up.put(java.util.Arrays.copyOfRange(file, headerLength, file.length),
          java.util.Arrays.copyOf(file, headerLength));
      up.finish();
    }
    Recording row = new Recording(id, tenant, callId, null, queue, startedAt, clock.instant(),
        samples.length / 8L, Recording.Status.COMPLETE, java.util.List.of(), key, file.length, 1, null);
    catalog.save(row);
    return row;
  }

  public RecordingStore store() {
    return store;
  }

  public RecordingCatalog catalog() {
    return catalog;
  }

  /** Finishes every recording still going and stops the writer. */
  @Override
  public void close() {
    writer.close();
  }
}
