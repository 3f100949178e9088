package io.switchboard.support;

import io.switchboard.config.ObjectStoreConfig;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.recording.S3RecordingStore;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: s3proxy over an in-memory store, on a free loopback port, with one bucket and
 * signed requests (AWS signature v4). It can go down and come back on the same port with its objects, to test an
 * object store that is unreachable for a while.
 */
public final class TestS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "switchboard-test";
  public static final String SECRET_KEY = "s3-secret-for-tests-only";

  private final BlobStoreContext blobs;
  private final String bucket;
  private final int port;
  private S3Proxy proxy;

  private TestS3(String bucket, int port) {
    this.bucket = bucket;
    this.port = port;
    this.blobs = ContextBuilder.newBuilder("transient").credentials("local", "local").build(BlobStoreContext.class);
    blobs.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** Starts a server holding {@code bucket}. */
  public static TestS3 start(String bucket) {
    TestS3 s3 = new TestS3(bucket, freePort());
    s3.up();
    return s3;
  }

  /** (Re)starts the server on its port, with the objects it held. */
  public void up() {
    proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        Thread.sleep(5);
      }
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy: " + e.getMessage(), e);
    }
  }

  /** Stops the server: the port refuses connections until {@link #up}. */
  public void down() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy: " + e.getMessage(), e);
    }
  }

  public String bucket() {
    return bucket;
  }

  /** The node settings that keep recordings in this server's bucket. */
  public Map<String, String> nodeSettings() {
    return Map.of("recording.store", "s3", "recording.s3.endpoint", "http://127.0.0.1:" + port,
        "recording.s3.bucket", bucket, "recording.s3.access-key", ACCESS_KEY, "recording.s3.secret-key", SECRET_KEY);
  }

  /** The object store's configuration as a node would read it from {@link #nodeSettings}. */
  public ObjectStoreConfig config() {
    return SwitchboardConfig.from(Settings.of(nodeSettings())).recording().objectStore().orElseThrow();
  }

  /** A client of the server, as the node builds it; the caller closes it. */
  public S3Client client() {
    return S3RecordingStore.client(config());
  }

  @Override
  public void close() {
    try {
      down();
    } finally {
      blobs.close();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
