package io.switchboard.recording;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.config.ObjectStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link RecordingStore} in S3-compatible object storage. An object cannot be appended to, so a recording is written
 * to a local spool ({@link LocalRecordingStore}, same chunked contract) while the call goes, and uploaded whole on a
 * thread of its own once {@link Upload#finish} made it durable; the spool copy then goes. Until then every read is
 * served from the spool, so a recording is playable at all times.
 *
 * <p>A node that dies mid-call leaves a playable spool file missing at most the last chunk; {@link #uploadLeftovers}
 * (at start and every {@code recording.s3.retry-seconds}) uploads it, and so any upload that failed. Failed uploads
 * count in {@code switchboard.recording.upload.failed}.
 *
 * <p>Thread-safe; every method blocks (file or network I/O), like the interface says.
 */
public final class S3RecordingStore implements RecordingStore, AutoCloseable {
  /**
   * A client for {@code config}'s object store. Checksums only where S3 requires them: S3-compatible servers do not
   * all take the SDK's newer default trailing checksums.
   */
  public static S3Client client(ObjectStoreConfig config) {
    S3ClientBuilder b = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
        .region(Region.of(config.region())).forcePathStyle(config.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    config.endpoint().ifPresent(b::endpointOverride);
    if (config.accessKey().isPresent()) {
      b.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().orElseThrow())));
    }
    return b.build();
  }

  private static final Logger LOG = LoggerFactory.getLogger(S3RecordingStore.class);

  private final S3Client s3;
  private final String bucket;
  private final LocalRecordingStore spool;
  /** Keys being written: never uploaded before they finish. */
  private final Set<String> writing = ConcurrentHashMap.newKeySet();
  /** Keys queued or being uploaded: never queued twice. */
  private final Set<String> uploading = ConcurrentHashMap.newKeySet();
  private final ExecutorService uploader;
  private final Counter uploaded;
  private final Counter failed;

  /** Takes ownership of {@code s3} (closed by {@link #close}). */
  public S3RecordingStore(S3Client s3, String bucket, LocalRecordingStore spool, MeterRegistry meters) {
    this.s3 = s3;
    this.bucket = bucket;
    this.spool = spool;
    this.uploader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "recording-upload");
      t.setDaemon(true);
      return t;
    });
    this.uploaded = Counter.builder("switchboard.recording.uploaded")
        .description("recordings uploaded to object storage").register(meters);
    this.failed = Counter.builder("switchboard.recording.upload.failed")
        .description("recording uploads that failed (the file stays in the local spool and is tried again)")
        .register(meters);
    Gauge.builder("switchboard.recording.spooled", this, S3RecordingStore::spooled)
        .description("recordings in the local spool: being written, waiting for their upload, or whose upload failed")
        .register(meters);
  }

  /**
   * Starts the object in the spool only: recording must start while the object store is unreachable, and keys are
   * unique by construction (a random recording id), so the bucket is not asked whether the key exists.
   */
  @Override
  public Upload create(String key) throws IOException {
    Upload local = spool.create(key);
    writing.add(key);
    return new Upload() {
      @Override
      public void put(byte[] chunk, byte[] header) throws IOException {
        local.put(chunk, header);
      }

      @Override
      public long bytes() {
        return local.bytes();
      }

      @Override
      public void finish() throws IOException {
        local.finish();
        writing.remove(key);
        queueUpload(key);
      }

      @Override
      public void close() throws IOException {
        local.close();
        writing.remove(key);  // not finished: the leftover sweep uploads what was put
      }
    };
  }

  @Override
  public long size(String key) throws IOException {
    long local = spool.size(key);
    if (local >= 0) {
      return local;
    }
    try {
      return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
    } catch (NoSuchKeyException e) {
      return -1;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return -1;
      }
      throw new IOException("object storage: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("object storage: " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    if (spool.size(key) >= 0) {
      try {
        return spool.open(key, offset, length);
      } catch (NoSuchFileException e) {
        // uploaded (and removed from the spool) since: read it from the object store
      }
    }
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)));
    } catch (SdkException e) {
      throw new IOException("object storage: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    spool.delete(key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw new IOException("object storage: " + e.getMessage(), e);
    }
  }

  /** Recordings in the spool: being written, waiting for their upload, or whose upload failed. */
  public int spooled() {
    try (Stream<Path> files = Files.walk(spool.root())) {
      return (int) files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Queues every spool file that is not being written for upload: what a dead node left, and uploads that failed.
   * Returns how many were queued.
   */
  public int uploadLeftovers() {
    List<String> keys;
    try (Stream<Path> files = Files.walk(spool.root())) {
      keys = files.filter(Files::isRegularFile).map(f -> spool.root().relativize(f).toString().replace('\\', '/'))
          .filter(k -> !writing.contains(k)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int queued = 0;
    for (String key : keys) {
      queued += queueUpload(key) ? 1 : 0;
    }
    return queued;
  }

  private boolean queueUpload(String key) {
    if (!uploading.add(key)) {
      return false;
    }
    uploader.execute(() -> {
      try {
        upload(key);
      } finally {
        uploading.remove(key);
      }
    });
    return true;
  }

  private void upload(String key) {
    Path file = spool.file(key);
    try {
      s3.putObject(b -> b.bucket(bucket).key(key).contentType("audio/wav"), RequestBody.fromFile(file));
      spool.delete(key);
      uploaded.increment();
    } catch (SdkException | IOException | UncheckedIOException e) {
      failed.increment();
      LOG.warn("recording.upload-failed key={} reason={}", key, e.getMessage());
    }
  }

  /** Waits up to 30 s for queued uploads (what is left stays in the spool for the next start), then closes. */
  @Override
  public void close() {
    uploader.shutdown();
    try {
      if (!uploader.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("recording.upload-unfinished queued={}", uploading.size());
        uploader.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    s3.close();
  }
}
