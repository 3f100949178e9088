package io.switchboard.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.support.TestS3;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@link S3RecordingStore} against a real S3 API server (s3proxy): a finished recording is uploaded and leaves the
 * spool, and is read back by byte range; what a dead node left in the spool is uploaded at the next start, header
 * and chunks as they were; while the object store is down, a finished recording stays playable from the spool and
 * goes up once the store is back (recording starts while it is down); a delete removes it everywhere.
 */
class S3RecordingStoreIT {
  static TestS3 s3;
  static S3Client client;

  @TempDir
  Path spoolDir;

  @BeforeAll
  static void start() {
    s3 = TestS3.start("recordings-it");
    client = s3.client();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private S3RecordingStore store(SimpleMeterRegistry meters) throws Exception {
    return new S3RecordingStore(s3.client(), s3.bucket(), new LocalRecordingStore(spoolDir), meters);
  }

  private static byte[] object(String key) {
    ResponseBytes<GetObjectResponse> b = client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(key));
    return b.asByteArray();
  }

  private static boolean inBucket(String key) {
    try {
      client.headObject(r -> r.bucket(s3.bucket()).key(key));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return false;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aFinishedRecordingIsUploadedLeavesTheSpoolAndIsReadByRange() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (S3RecordingStore store = store(meters)) {
      String key = "demo/2026/12/07/rec-a.wav";
      try (RecordingStore.Upload up = store.create(key)) {
        up.put(bytes("chunk-one|"), bytes("HDR1"));
        up.put(bytes("chunk-two|"), bytes("HDR2"));
        assertThat(store.size(key)).as("readable while written").isEqualTo(24);
        up.finish();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> inBucket(key) && !Files.exists(spoolDir.resolve(key)));
      assertThat(new String(object(key), StandardCharsets.US_ASCII)).isEqualTo("HDR2chunk-one|chunk-two|");
      assertThat(store.size(key)).isEqualTo(24);
      try (InputStream in = store.open(key, 4, 9)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("chunk-one");
      }
      assertThat(meters.counter("switchboard.recording.uploaded").count()).isEqualTo(1);

      store.delete(key);
      assertThat(inBucket(key)).isFalse();
      assertThat(store.size(key)).isEqualTo(-1);
    }
  }

  @Test
  void whatADeadNodeLeftInTheSpoolIsUploadedAtTheNextStart() throws Exception {
    String key = "demo/2026/12/07/rec-dead.wav";
    S3RecordingStore dead = store(new SimpleMeterRegistry());
    RecordingStore.Upload up = dead.create(key);
    up.put(bytes("said|"), bytes("H-1"));
    up.put(bytes("more|"), bytes("H-2"));
    // the node dies here: no finish, no close; a new node starts on the same spool
    try (S3RecordingStore next = store(new SimpleMeterRegistry())) {
      assertThat(next.uploadLeftovers()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> inBucket(key) && !Files.exists(spoolDir.resolve(key)));
      assertThat(new String(object(key), StandardCharsets.US_ASCII)).isEqualTo("H-2said|more|");
    }
    up.close();
    dead.close();
  }

  @Test
  void whileTheObjectStoreIsDownAFinishedRecordingStaysPlayableAndGoesUpOnceItIsBack() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String key = "demo/2026/12/07/rec-down.wav";
    try (S3RecordingStore store = store(meters)) {
      s3.down();
      try {
        try (RecordingStore.Upload up = store.create(key)) {
          up.put(bytes("kept|"), bytes("HH"));
          up.finish();
        }
        await().atMost(Duration.ofSeconds(30))
            .until(() -> meters.counter("switchboard.recording.upload.failed").count() == 1);
        assertThat(Files.exists(spoolDir.resolve(key))).as("still in the spool").isTrue();
        try (InputStream in = store.open(key, 0, 7)) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("HHkept|");
        }
      } finally {
        s3.up();
      }
      assertThat(store.uploadLeftovers()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> inBucket(key) && !Files.exists(spoolDir.resolve(key)));
      assertThat(new String(object(key), StandardCharsets.US_ASCII)).isEqualTo("HHkept|");
      assertThat(meters.counter("switchboard.recording.uploaded").count()).isEqualTo(1);
    }
  }
}
