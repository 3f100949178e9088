package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which canned responses a chat gets: no queue or its queue; no language, its language (primary subtag) or any. */
class ChatDeskAppliesTest {

  private static Chat chat(String queue, String language) {
    return new Chat("t", "chat-1", queue, "https://shop.example", "customer-1", "Ann", null, language,
        ChatStatus.CONNECTED, "chad", null, null, null, 1, Instant.EPOCH, null);
  }

  private static JsonObject response(String language, String... queues) {
    return new JsonObject().put("id", "r").put("language", language).put("queues", new JsonArray(java.util.List.of(
        (Object[]) queues)));
  }

  @Test
  void queuesLimitAResponse() {
    assertThat(ChatDeskApi.applies(response(null), chat("web", null))).isTrue();
    assertThat(ChatDeskApi.applies(response(null, "web", "help"), chat("web", null))).isTrue();
    assertThat(ChatDeskApi.applies(response(null, "help"), chat("web", null))).isFalse();
  }

  @Test
  void languagesMatchByPrimarySubtagAndAnUnknownLanguageGetsEvery() {
    assertThat(ChatDeskApi.applies(response("es"), chat("web", "es-MX"))).isTrue();
    assertThat(ChatDeskApi.applies(response("es-ES"), chat("web", "es"))).isTrue();
    assertThat(ChatDeskApi.applies(response("es"), chat("web", "en-GB"))).isFalse();
    assertThat(ChatDeskApi.applies(response("es"), chat("web", null))).isTrue();
    assertThat(ChatDeskApi.applies(response("es", "help"), chat("web", "es"))).isFalse();
  }
}
