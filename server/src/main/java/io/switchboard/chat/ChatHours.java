package io.switchboard.chat;

import io.switchboard.directory.BusinessHours;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a chat queue takes new chats now (docs/chat.md, "Business hours"): a queue with {@code businessHours}
 * is closed outside them, as a voice queue is for calls, and a customer's {@code start} is then answered with the
 * queue's {@code closedMessage} instead of a chat. A queue without hours, or whose hours document is gone or does not
 * parse (logged), is open: refusing customers over a half-deleted reference would be worse than taking them.
 * Chats already started are not affected (they wait and are served).
 *
 * <p>Threading: any thread; the answer completes on the directory's thread.
 */
public final class ChatHours {
  private static final Logger LOG = LoggerFactory.getLogger(ChatHours.class);

  /** The queue is closed now; {@code message} is its closedMessage, or null (the widget's own words then). */
  public record Closed(String message) {}

  private final Directory directory;
  private final Clock clock;

  public ChatHours(Directory directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /** Empty when {@code queue} takes new chats now; else why not. */
  public Future<Optional<Closed>> closed(String tenant, String queue) {
    return directory.get(tenant, Kind.QUEUE, queue).compose(q -> {
      String hours = q.map(d -> d.getString("businessHours")).orElse(null);
      if (hours == null || hours.isEmpty()) {
        return Future.succeededFuture(Optional.<Closed>empty());
      }
      return directory.get(tenant, Kind.BUSINESS_HOURS, hours).map(doc -> open(queue, hours, doc.orElse(null))
          ? Optional.<Closed>empty() : Optional.of(new Closed(q.get().getString("closedMessage"))));
    });
  }

  private boolean open(String queue, String id, JsonObject doc) {
    if (doc == null) {
      LOG.warn("chat.hours-missing queue={} businessHours={}", queue, id);
      return true;
    }
    try {
      return BusinessHours.of(doc).isOpen(clock.instant());
    } catch (IllegalArgumentException e) {
      LOG.warn("chat.hours-unreadable queue={} businessHours={} why={}", queue, id, e.toString());
      return true;
    }
  }
}
