package io.switchboard.webhooks;

import io.switchboard.directory.WebhookEvents;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A tenant's webhook as the directory stores it (without its secret). Immutable. */
record Webhook(String id, String url, List<String> events, boolean enabled) {

  static Webhook of(JsonObject doc) {
    List<String> events = doc.getJsonArray("events").stream().map(String.class::cast).toList();
    return new Webhook(doc.getString("id"), doc.getString("url"), events, doc.getBoolean("enabled", true));
  }

  /** Whether an event of {@code type} is queued for this webhook. */
  boolean wants(String type) {
    return enabled && WebhookEvents.matches(events, type);
  }
}
