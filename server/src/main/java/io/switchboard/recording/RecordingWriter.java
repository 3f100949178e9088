package io.switchboard.recording;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that turns every active {@link CallRecorder}'s queued frames into its WAV file: every
 * {@value #TICK_MS} ms it drains the queues onto each recording's {@link Timeline} and takes the audio that is
 * settled there ({@link Timeline#settled}: every channel's frames up to it have come, or waiting longer would be
 * pointless); every chunk interval it appends what it took as one chunk and rewrites the header (so a dead node
 * loses at most the last chunk and what was not settled yet, up to 3 s while a media path stalls). A stop finishes
 * the file at the stop's time (length = recorded wall-clock time); a failure writes what it has, then the file ends
 * there. Metadata goes to the {@link RecordingCatalog} on a thread of its own, in
 * order, at start, at each pause/resume, and at the end: a slow database never holds up the audio.
 *
 * <p>Threading: {@link #add} from any thread; everything else on the writer's thread. Store errors fail only that
 * recording.
 */
final class RecordingWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingWriter.class);
  static final long TICK_MS = 100;

  /** One recording being written (writer thread only). */
  private static final class Active {
    final CallRecorder rec;
    final Timeline timeline;
    RecordingStore.Upload upload;
    long lastChunkNanos;
    /** Settled audio taken off the timeline, not appended yet (at most a chunk's worth). */
    final java.io.ByteArrayOutputStream unsent = new java.io.ByteArrayOutputStream();
    Active(CallRecorder rec) {
      this.rec = rec;
      this.timeline = new Timeline(rec.startNanos);
      this.lastChunkNanos = rec.startNanos;
    }
  }

  private final RecordingStore store;
  private final RecordingCatalog catalog;
  private final long chunkNanos;
  private final LongSupplier nanoClock;
  private final Clock clock;
  private final Consumer<CallRecorder> failed;
  private final Consumer<Timeline.Drop> droppedFrame;
  private final ConcurrentLinkedQueue<CallRecorder> added = new ConcurrentLinkedQueue<>();
  private final List<Active> active = new ArrayList<>();
  private final ScheduledExecutorService thread;
  private final ExecutorService metadata;

  /**
   * @param failed told (on the writer thread) when a recording fails
   * @param droppedFrame counts a frame the timeline could not place, by why
   * @param scheduled whether {@link #tick} runs by itself every {@value #TICK_MS} ms (false: the caller's thread
   *     calls it, for tests with a fake clock; metadata is then saved on that thread too)
   */
  RecordingWriter(RecordingStore store, RecordingCatalog catalog, Duration chunk, LongSupplier nanoClock,
      Clock clock, Consumer<CallRecorder> failed, Consumer<Timeline.Drop> droppedFrame, boolean scheduled) {
    this.store = store;
    this.catalog = catalog;
    this.chunkNanos = chunk.toNanos();
    this.nanoClock = nanoClock;
    this.clock = clock;
    this.failed = failed;
    this.droppedFrame = droppedFrame;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "recording-writer"));
    this.metadata = scheduled ? Executors.newSingleThreadExecutor(r -> daemon(r, "recording-catalog")) : null;
    if (scheduled) {
      thread.scheduleWithFixedDelay(this::tickQuietly, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts writing {@code rec} at the next tick. Any thread. */
  void add(CallRecorder rec) {
    added.add(rec);
  }

  /** Recordings being written now (a racy count, for the gauge). */
  int activeCount() {
    return active.size() + added.size();
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("recording.writer-error error={}", e.toString(), e);
    }
  }

  /** One round over every recording (writer thread). */
  void tick() {
    for (CallRecorder r; (r = added.poll()) != null; ) {
      Active a = new Active(r);
      active.add(a);
      saveMetadata(a, Recording.Status.RECORDING, null, null);
      try {
        a.upload = store.create(r.storageKey);
      } catch (IOException | RuntimeException e) {
        LOG.warn("recording.store-failed id={} call={} error={}", r.id, r.callId, e.toString());
        r.fail("store-error");
      }
    }
    long now = nanoClock.getAsLong();
    for (Iterator<Active> it = active.iterator(); it.hasNext(); ) {
      Active a = it.next();
      if (step(a, now)) {
        it.remove();
        a.rec.done = true;
      }
    }
  }

  /** Drains one recording; true when it is over (finished or failed). */
  private boolean step(Active a, long now) {
    List<CallRecorder.Control> controls = new ArrayList<>(2);
    for (CallRecorder.Control c; (c = a.rec.controls.poll()) != null; ) {
      controls.add(c);
    }
    long[] before = new long[Timeline.Drop.values().length];
    for (Timeline.Drop why : Timeline.Drop.values()) {
      before[why.ordinal()] = a.timeline.dropped(why);
    }
    for (CallRecorder.Frame f; (f = a.rec.frames.poll()) != null; ) {
      a.timeline.add(f.channel(), f.alaw(), f.payload(), f.ssrc(), f.timestamp(), f.nanos());
    }
    for (Timeline.Drop why : Timeline.Drop.values()) {
      for (long d = a.timeline.dropped(why) - before[why.ordinal()]; d > 0; d--) {
        droppedFrame.accept(why);
      }
    }
    CallRecorder.Control end = null;
    boolean spansChanged = false;
    for (CallRecorder.Control c : controls) {
      switch (c.kind()) {
        case PAUSE -> {
          a.timeline.pause(c.nanos());
          spansChanged = true;
        }
        case RESUME -> {
          a.timeline.resume(c.nanos());
          spansChanged = true;
        }
        case STOP, FAIL -> end = end == null ? c : end;
      }
    }
    if (end != null) {
      finish(a, end);
      return true;
    }
    if (spansChanged) {
      saveMetadata(a, Recording.Status.RECORDING, null, null);
    }
    take(a, a.timeline.settled(now));
    if (now - a.lastChunkNanos >= chunkNanos) {
      a.lastChunkNanos = now;
      if (!write(a)) {
        a.rec.fail("store-error");
      }
    }
    return false;
  }

  /** Takes the timeline's audio [written, until) into the unsent chunk (the timeline's ring is then free again). */
  private static void take(Active a, long until) {
    while (a.timeline.written() < until) {
      a.unsent.writeBytes(a.timeline.drain(until));
    }
  }

  /** Appends the unsent chunk; false when the store failed (the recording is then failed). */
  private boolean write(Active a) {
    if (a.upload == null) {
      return false;
    }
    if (a.unsent.size() == 0) {
      return true;
    }
    try {
      a.upload.put(a.unsent.toByteArray(), WavHeader.of(a.timeline.written() * WavHeader.BYTES_PER_FRAME));
      a.unsent.reset();
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("recording.write-failed id={} call={} error={}", a.rec.id, a.rec.callId, e.toString());
      return false;
    }
  }

  /** Stop: everything up to the stop, the file finished, status complete. Fail: what is there, status failed. */
  private void finish(Active a, CallRecorder.Control end) {
    boolean failure = end.kind() == CallRecorder.ControlKind.FAIL;
    a.timeline.resume(end.nanos()); // a span paused at the end closes there
    take(a, a.timeline.sampleAt(end.nanos()));
    boolean wrote = write(a);
    String why = failure ? end.reason() : wrote ? null : "store-error";
    try {
      if (a.upload != null) {
        a.upload.finish();
      }
    } catch (IOException e) {
      why = why == null ? "store-error" : why;
      LOG.warn("recording.finish-failed id={} error={}", a.rec.id, e.toString());
    }
    saveMetadata(a, why == null ? Recording.Status.COMPLETE : Recording.Status.FAILED, clock.instant(), why);
    LOG.info("recording.{} id={} call={} ms={} bytes={}{}", why == null ? "complete" : "failed", a.rec.id,
        a.rec.callId, a.timeline.written() / Timeline.SAMPLES_PER_MS, a.upload == null ? 0 : a.upload.bytes(),
        why == null ? "" : " why=" + why);
    if (why != null) {
      failed.accept(a.rec);
    }
  }

  private void saveMetadata(Active a, Recording.Status status, java.time.Instant endedAt, String failure) {
    CallRecorder r = a.rec;
    List<Recording.Span> spans = new ArrayList<>();
    for (Timeline.Span s : a.timeline.pausedSpans()) {
      spans.add(new Recording.Span(s.from() / Timeline.SAMPLES_PER_MS,
          s.to() == Long.MAX_VALUE ? -1 : s.to() / Timeline.SAMPLES_PER_MS));
    }
    Recording row = new Recording(r.id, r.tenant, r.callId, r.agentId, r.queue, r.startedAt, endedAt,
        a.timeline.written() / Timeline.SAMPLES_PER_MS, status, spans, r.storageKey,
        a.upload == null ? 0 : a.upload.bytes(), WavHeader.CHANNELS, failure);
    Runnable save = () -> {
      try {
        catalog.save(row);
      } catch (Exception e) {
        LOG.warn("recording.metadata-failed id={} status={} error={}", row.id(), row.status().wire(), e.toString());
      }
    };
    if (metadata == null) {
      save.run();
    } else {
      metadata.execute(save);
    }
  }

  /** Stops every recording still going (their files finished), then the threads. Blocks up to a few seconds. */
  @Override
  public void close() {
    try {
      thread.submit(() -> {
        tick();
        for (Active a : active) {
          a.rec.stop();
        }
        tick();
      }).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("recording.close-incomplete error={}", e.toString());
    }
    thread.shutdownNow();
    if (metadata != null) {
      metadata.shutdown();
      try {
        metadata.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
