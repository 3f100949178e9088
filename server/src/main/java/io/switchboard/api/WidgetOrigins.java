package io.switchboard.api;

import io.switchboard.chat.ChatException;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.http.Origins;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/**
 * Which pages may start chats in a queue: the chat queue's {@code widgetOrigins} (admin API, Terraform
 * {@code widget_origins}). A queue that does not exist, is not a chat queue or does not list the origin is refused
 * the same way (the caller learns nothing about the tenant's queues).
 */
final class WidgetOrigins {
  private final Directory directory;

  WidgetOrigins(Directory directory) {
    this.directory = directory;
  }

  /** The canonical origin when {@code origin} may use {@code queue} of {@code tenant}; else fails (origin). */
  Future<String> check(String tenant, String queue, String origin) {
    String o = origin == null ? null : Origins.normalize(origin).orElse(null);
    if (o == null) {
      return Future.failedFuture(refused());
    }
    return directory.get(tenant, Kind.QUEUE, queue).compose(doc -> {
      boolean ok = doc.isPresent() && "chat".equals(doc.get().getString("channel"))
          && doc.get().getValue("widgetOrigins") instanceof JsonArray list && list.contains(o);
      return ok ? Future.succeededFuture(o) : Future.failedFuture(refused());
    });
  }

  static ChatException refused() {
    return new ChatException("origin-refused", "Origin", "this page's origin may not start chats in that queue");
  }
}
