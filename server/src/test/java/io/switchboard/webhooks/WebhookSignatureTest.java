package io.switchboard.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.records.StreamEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signature, the retry schedule and the body sent, as pure functions. */
class WebhookSignatureTest {

  /** The Standard Webhooks specification's own test vector, so its libraries accept what the node signs. */
  @Test
  void signsLikeTheStandardWebhooksReference() {
    byte[] key = WebhookSignature.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    String signature = WebhookSignature.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void aChangedByteChangesTheSignature() {
    byte[] key = WebhookSignature.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThat(WebhookSignature.sign(key, "msg_1", 1, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isNotEqualTo(WebhookSignature.sign(key, "msg_1", 1, "{\"a\":2}".getBytes(StandardCharsets.UTF_8)))
        .isNotEqualTo(WebhookSignature.sign(key, "msg_1", 2, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> WebhookSignature.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .hasMessageContaining("whsec_");
  }

  @Test
  void retriesTripleTheirDelayUpToTheMaximumThenStop() {
    RetrySchedule s = new RetrySchedule(5, Duration.ofSeconds(10), Duration.ofSeconds(100));
    assertThat(s.delayAfter(1)).hasSeconds(10);
    assertThat(s.delayAfter(2)).hasSeconds(30);
    assertThat(s.delayAfter(3)).hasSeconds(90);
    assertThat(s.delayAfter(4)).hasSeconds(100);
    assertThat(s.delayAfter(40)).hasSeconds(100);
    assertThat(s.another(4)).isTrue();
    assertThat(s.another(5)).isFalse();
  }

  @Test
  void theBodyIsTheEventsTypeTimeAndFields() {
    StreamEvent e = new StreamEvent("demo", "1765094400125-0", "call.ended", 1765094400125L, "node-a",
        Map.of("callId", "c-1", "queue", "support"));
    JsonObject body = new JsonObject(WebhookOutbox.body(e));
    assertThat(body.fieldNames()).containsExactly("type", "timestamp", "data");
    assertThat(body.getString("type")).isEqualTo("call.ended");
    assertThat(body.getString("timestamp")).isEqualTo("2025-12-07T08:00:00.125Z");
    assertThat(body.getJsonObject("data").getMap()).isEqualTo(Map.of("callId", "c-1", "queue", "support"));
  }
}
