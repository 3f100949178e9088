package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.recording.Recording;
import io.switchboard.recording.S3RecordingStore;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A node with {@code recording.store=s3}, against a real S3 API server (s3proxy): a recorded call ends up in the
 * bucket (and out of the node's spool) with the caller in channel 1 and the agent in channel 2, and the playback API
 * serves byte ranges of it from the object store.
 */
class RecordingObjectStoreIT {
  static final TestS3 s3 = TestS3.start("recordings");

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("recording-s3-it", settings());
  static final FakeWebRtc webrtc = new FakeWebRtc();
  static final RecordingSteps steps = new RecordingSteps(fx, webrtc);

  private static Map<String, String> settings() {
    Map<String, String> s = new HashMap<>(s3.nodeSettings());
    s.put("recording.chunk-ms", "500");
    return s;
  }

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @Test
  void aRecordedCallGoesToTheBucketAndIsPlayedBackByRangeFromIt() throws Exception {
    steps.policy("all");
    SipResponse[] ok = new SipResponse[1];
    String callId;
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      callId = steps.connected(caller, alice, ok);
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("recording");
      steps.talk(caller, ok[0], 0, 100, true, true);
      assertThat(alice.request("9", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    Recording rec = steps.complete(callId);
    S3RecordingStore store = (S3RecordingStore) fx.node().recordings().store();
    byte[] object;
    try (S3Client client = s3.client()) {
      object = await().atMost(Duration.ofSeconds(10)).until(() -> {
        try {
          return client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(rec.storageKey())).asByteArray();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
          return null;
        }
      }, o -> o != null);
    }
    assertThat(object).hasSize((int) rec.bytes());
    assertThat(new String(object, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    await().atMost(Duration.ofSeconds(5)).until(() -> store.spooled() == 0);

    short[][] ch = steps.channels(rec);  // read through the node's store: from the bucket now
    assertThat(RecordingSteps.windows(ch[0], CALLER_HZ)).as("the caller in channel 1").isGreaterThan(10);
    assertThat(RecordingSteps.windows(ch[1], AGENT_HZ)).as("the agent in channel 2").isGreaterThan(10);

    HttpResponse<byte[]> part = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + fx.node().httpPort() + "/api/v1/recordings/" + rec.id() + "/audio"))
        .header("Authorization", "Bearer " + TestNodes.login(fx.node().httpPort(), "sam"))
        .header("Range", "bytes=44-1043").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(object, 44, 1044));
    fx.assertNothingLeft(webrtc::activeLegs);
  }
}
