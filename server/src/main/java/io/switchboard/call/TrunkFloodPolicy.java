package io.switchboard.call;

import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.sip.transport.FloodPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP transport's flood policy for trunks: an address inside an enabled trunk's {@code allowedSources} (the
 * same match as {@link InboundRouting}'s) draws from one bucket per trunk at sip.flood.trunk-rate/-burst; every other
 * address keeps the strict per-source limit. A carrier's SBC is one address that carries all its calls.
 *
 * <p>The transport asks for every message, so answers come from memory: the trunks are read from the directory at
 * {@link #start} and again every {@link #REFRESH_MS} ms (a new or changed trunk gets its limit within that time;
 * until then its addresses are limited as strangers). A failed read keeps the last list.
 *
 * <p>Threading: {@link #shareOf} is called on the transport's loop, refreshes complete on the directory's threads;
 * the trunk list is swapped whole (volatile) and the per-address answers are kept in a concurrent map, bounded.
 */
public final class TrunkFloodPolicy implements FloodPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(TrunkFloodPolicy.class);
  /** How often the trunks are read again: short enough for a new trunk, long enough to cost Redis nothing. */
  static final long REFRESH_MS = 5000;
  /** Remembered answers, at most: spoofed sources cannot grow the map without bound. */
  static final int MAX_CACHED = 10_000;

  private final Directory directory;
  private final String tenant;
  private final double ratePerSecond;
  private final int burst;
  private volatile Snapshot snapshot = new Snapshot(List.of());
  private Vertx vertx;
  private long timer = -1;

  public TrunkFloodPolicy(Directory directory, String tenant, double ratePerSecond, int burst) {
    this.directory = directory;
    this.tenant = tenant;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** Reads the trunks, then keeps re-reading them every {@link #REFRESH_MS} ms until {@link #stop}. */
  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    timer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
    return refresh();
  }

  public void stop() {
    if (vertx != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** Reads the tenant's trunks (the first page, as {@link InboundRouting} does) and uses them from now on. */
  Future<Void> refresh() {
    return directory.list(tenant, Kind.TRUNK, null, Directory.MAX_PAGE)
        .onSuccess(page -> update(page.items()))
        .onFailure(e -> LOG.warn("sip.flood-trunks-unread error={}", e.toString()))
        .mapEmpty();
  }

  /** Uses {@code trunks} (directory documents) from now on. */
  void update(List<JsonObject> trunks) {
    snapshot = new Snapshot(List.copyOf(trunks));
  }

  @Override
  public Share shareOf(String sourceIp) {
    Snapshot s = snapshot;
    Optional<Share> known = s.answers.get(sourceIp);
    if (known == null) {
      JsonObject trunk = TrunkSources.trunkFor(s.trunks, sourceIp);
      known = trunk == null ? Optional.empty()
          : Optional.of(new Share(trunk.getString("id", sourceIp), ratePerSecond, burst));
      if (s.answers.size() >= MAX_CACHED) {
        s.answers.clear();
      }
      s.answers.put(sourceIp, known);
    }
    return known.orElse(null);
  }

  /** One read of the trunks and what was answered from it. */
  private record Snapshot(List<JsonObject> trunks, Map<String, Optional<Share>> answers) {
    Snapshot(List<JsonObject> trunks) {
      this(trunks, new ConcurrentHashMap<>());
    }
  }
}
