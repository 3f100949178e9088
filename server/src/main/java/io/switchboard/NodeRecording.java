package io.switchboard;

import io.switchboard.config.ObjectStoreConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.ops.Metrics;
import io.switchboard.records.Database;
import io.switchboard.recording.LocalRecordingStore;
import io.switchboard.recording.PgRecordingCatalog;
import io.switchboard.recording.RecordingStore;
import io.switchboard.recording.Recordings;
import io.switchboard.recording.S3RecordingStore;
import io.switchboard.storage.DataDir;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call recording on a node (docs/recording.md): audio in recording.dir (else {@code <data.dir>/recordings}, else a
 * new temporary directory), or in S3-compatible object storage with that directory as the spool; metadata in the
 * store of record.
 */
final class NodeRecording {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRecording.class);

  private NodeRecording() {}

  /** Starts recording; what it starts joins {@code closeables} (closed first to last). */
  static Recordings start(SwitchboardConfig config, Vertx vertx, DataDir dataDir, Database database, Metrics metrics,
      List<AutoCloseable> closeables) {
    Path dir;
    Recordings recordings;
    try {
      if (config.recording().dir().isPresent()) {
        dir = config.recording().dir().get();
      } else if (dataDir != null) {
        dir = dataDir.subdirectory("recordings");
      } else { // nothing is kept: the directory goes when the node stops (after the writer has finished)
        Path temp = Files.createTempDirectory("switchboard-recordings");
        dir = temp;
        closeables.add(0, () -> deleteTree(temp));
      }
      recordings = new Recordings(store(config, vertx, dir, metrics, closeables),
          new PgRecordingCatalog(database.dataSource()),
          new Recordings.Options(config.recording().queueFrames(), config.recording().chunk()), metrics.registry(),
          Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException("recording.dir " + e.getMessage(), e);
    }
    closeables.add(0, recordings);
    LOG.info("recording started dir={}", dir);
    return recordings;
  }

  /**
   * Recordings' audio in {@code dir}, or (recording.store=s3) in object storage with {@code dir} as the spool; what
   * the spool holds at start (a dead node's recordings) and uploads that failed are sent again every retry period.
   */
  private static RecordingStore store(SwitchboardConfig config, Vertx vertx, Path dir, Metrics metrics,
      List<AutoCloseable> closeables) throws IOException {
    LocalRecordingStore local = new LocalRecordingStore(dir);
    if (config.recording().objectStore().isEmpty()) {
      return local;
    }
    ObjectStoreConfig objects = config.recording().objectStore().get();
    S3RecordingStore store = new S3RecordingStore(S3RecordingStore.client(objects), objects.bucket(), local,
        metrics.registry());
    closeables.add(0, store);  // after the recordings (added in front of it): their last uploads are queued first
    Runnable sweep = () -> vertx.executeBlocking(store::uploadLeftovers, false);
    sweep.run();
    long timer = vertx.setPeriodic(objects.retry().toMillis(), t -> sweep.run());
    closeables.add(0, () -> vertx.cancelTimer(timer));
    LOG.info("recording.object-store {}", objects);
    return store;
  }

  /** Deletes {@code root} and everything under it (a temporary directory of this node). */
  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
