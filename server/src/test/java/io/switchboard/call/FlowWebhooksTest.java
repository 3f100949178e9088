package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a webhook may call and what its answer must be. The refusals happen before any connection: nothing here sends
 * a packet (the addresses are only looked at).
 */
class FlowWebhooksTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static String failure(Future<String> f) {
    try {
      f.await();
      return null;
    } catch (Exception e) {
      return String.valueOf(e.getMessage());
    }
  }

  @Test
  void plainHttpAndPrivateAddressesAreRefusedUnlessAllowed() {
    FlowWebhooks strict = new FlowWebhooks(vertx, false);
    assertThat(failure(strict.ask("http://crm.example.com/ivr", 500, new JsonObject()))).contains("not https");
    for (String host : new String[] {"127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.5", "169.254.169.254",
        "[::1]", "[fd00::1]", "0.0.0.0"}) {
      assertThat(failure(strict.ask("https://" + host + "/ivr", 500, new JsonObject()))).as(host)
          .contains("loopback or private address");
    }
  }

  @Test
  void theAnswerMustNameABranch() {
    assertThat(FlowWebhooks.branch("{\"branch\":\"vip\"}".getBytes(StandardCharsets.UTF_8)).await()).isEqualTo("vip");
    assertThat(failure(FlowWebhooks.branch("{\"branch\":7}".getBytes(StandardCharsets.UTF_8))))
        .contains("without a \"branch\" string");
    assertThat(failure(FlowWebhooks.branch("{}".getBytes(StandardCharsets.UTF_8)))).contains("without");
    assertThat(failure(FlowWebhooks.branch("<html>".getBytes(StandardCharsets.UTF_8)))).contains("not JSON");
    assertThat(failure(FlowWebhooks.branch(new byte[FlowWebhooks.MAX_ANSWER_BYTES + 1]))).contains("longer than");
  }
}
