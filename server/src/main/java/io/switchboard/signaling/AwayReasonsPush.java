package io.switchboard.signaling;

import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a tenant's away reasons ({@code away.reasons}, docs/protocol.md) to its agents' sockets on this node when
 * they change, so status controls follow without reconnecting. Wire {@link #changed} to
 * {@link Directory#onChange}: a change made through another node's API reaches only that node's sockets (the
 * directory's writes do not travel between nodes); the others read the list again at their next {@code hello}.
 *
 * <p>Threading: call from a Vert.x context; the directory read completes on it.
 */
public final class AwayReasonsPush {
  private static final Logger log = LoggerFactory.getLogger(AwayReasonsPush.class);

  private final Directory directory;
  private final SignalingServer signaling;

  public AwayReasonsPush(Directory directory, SignalingServer signaling) {
    this.directory = directory;
    this.signaling = signaling;
  }

  /** A directory object of {@code kind} changed in {@code tenant}: away reasons are read and pushed. */
  public void changed(String tenant, Kind kind) {
    if (kind != Kind.AWAY_REASON) {
      return;
    }
    read(tenant, null, new JsonArray())
        .onSuccess(reasons -> signaling.toAgents(tenant, Outbound.awayReasons(reasons)))
        .onFailure(e -> log.warn("away-reasons.push-failed tenant={}: {}", tenant, e.toString()));
  }

  /** Every reason of the tenant, page by page, as {@code {"id","label"}}. */
  private Future<JsonArray> read(String tenant, String cursor, JsonArray acc) {
    return directory.list(tenant, Kind.AWAY_REASON, cursor, Directory.MAX_PAGE).compose(page -> {
      page.items().forEach(r -> acc.add(new JsonObject().put("id", r.getString("id"))
          .put("label", r.getString("label"))));
      return page.next() == null ? Future.succeededFuture(acc) : read(tenant, page.next(), acc);
    });
  }
}
