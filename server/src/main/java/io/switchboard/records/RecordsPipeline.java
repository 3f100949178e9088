package io.switchboard.records;

import io.lettuce.core.StreamMessage;
import io.switchboard.config.RecordsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every tenant's ACD event stream into the store of record. Every node runs one; they share the work through
 * the consumer group {@value EventStream#GROUP}. Per tenant and round: take over entries another consumer left
 * pending for records.claim-idle-ms (its node died mid-batch; looked for at most every {@link #CLAIM_CHECK_MAX}),
 * else read new ones; store them (one transaction, idempotent); only then XACK. Every {@link #TRIM_INTERVAL} at most,
 * a stream with acknowledgements since its last trim is trimmed past what every group acknowledged.
 *
 * <p>Its Redis work shares Redis' one thread with the live call path's routing scripts, so it is kept to few, short
 * commands: reads and acknowledgements of {@link #READ_CHUNK} entries each, the acknowledgements of a batch sent
 * without waiting for each reply, and the scripts that look for abandoned entries and trim the stream run seconds
 * apart, not once per batch.
 *
 * <p>Guarantees: an event is acknowledged only after its commit, so a node dying at any point leaves it pending and
 * another node stores it; storing twice is harmless (the entry id is unique per tenant). While the store fails, the
 * batch in hand is retried with backoff (100 ms doubling to records.retry-max-ms) and the ACD goes on writing to
 * Redis: the lag grows and is caught up when the store returns.
 *
 * <p>Threading: everything runs on the pipeline's own thread ({@code records-pipeline}); {@link #status()} may be read
 * from any thread.
 */
public final class RecordsPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(RecordsPipeline.class);
  static final Duration RETRY_MIN = Duration.ofMillis(100);
  static final Duration TENANTS_REFRESH = Duration.ofSeconds(5);
  static final Duration LAG_REFRESH = Duration.ofSeconds(1);
  static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(30);
  /** Most stream entries per Redis read or acknowledgement (see {@link #readBatch}). */
  static final int READ_CHUNK = 100;
  /** Least time between two trims of a tenant's stream (each runs a script of three stream commands). */
  static final Duration TRIM_INTERVAL = Duration.ofSeconds(5);
  /**
   * Longest time between two looks for a tenant's entries another consumer left pending (or records.claim-idle-ms,
   * when shorter): such entries are taken over between claim-idle-ms and claim-idle-ms plus this after they were read.
   */
  static final Duration CLAIM_CHECK_MAX = Duration.ofSeconds(5);

  private final EventStream stream;
  private final EventStore store;
  private final RecordsConfig options;
  /**
   * How long recorded events stay in the Redis stream after they are stored (ms): the stream's other readers (the
   * DTMF and event checks of tests, operators' tools) still find recent events there.
   */
  static final long STREAM_RETENTION_MS = 10 * 60_000;

  private final Clock clock;
  private final Set<String> grouped = new HashSet<>();
  /** Per tenant: when (clock ms) to look for abandoned entries next; absent: at once. */
  private final Map<String, Long> claimDue = new HashMap<>();
  /** Per tenant with acknowledgements since its last trim: when (clock ms) it may be trimmed. */
  private final Map<String, Long> trimDue = new HashMap<>();
  private final AtomicLong recorded = new AtomicLong();
  private volatile RecordsStatus status = RecordsStatus.STARTING;
  private volatile boolean running;
  private Thread thread;
  private List<String> tenants = List.of();
  private long tenantsReadAt = -1;
  private long lagReadAt = -1;
  private long failingSince = -1;
  private long failureLoggedAt;

  public RecordsPipeline(EventStream stream, EventStore store, RecordsConfig options, Clock clock) {
    this.stream = stream;
    this.store = store;
    this.options = options;
    this.clock = clock;
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "records-pipeline");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Stops the thread: a batch whose store has not returned is neither retried nor acknowledged (it stays pending and
   * another consumer takes it over). Waits for the thread to end.
   */
  public void stop() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public RecordsStatus status() {
    return status;
  }

  /** Events this pipeline stored and acknowledged since it started (each counted once across the cluster). */
  public long recorded() {
    return recorded.get();
  }

  private void run() {
    CpuPriority.lowerCurrentThread(options.cpuNice(), "records-pipeline");
    while (running) {
      boolean more = false;
      try {
        refreshTenants();
        for (String tenant : tenants) {
          more |= ingest(tenant);
        }
        trimDue();
        refreshLag(false);
        recovered();
      } catch (Stopped e) {
        return;
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {  // the thread must outlive any failure of a driver (the JDBC driver's asserts, too)
        if (!running) {
          return;
        }
        failed("redis", e);
        refreshLagQuietly();
        if (!pause(backoff())) {
          return;
        }
        continue;
      }
      if (!more && !pause(options.pollInterval())) {
        return;
      }
    }
  }

  /** One batch of one tenant; true when it was full (more may be waiting). */
  private boolean ingest(String tenant) throws Exception {
    Batch batch = take(tenant);
    if (batch.ids().isEmpty()) {
      return false;
    }
    storeWithRetry(batch.events());
    recorded.addAndGet(stream.ack(tenant, batch.ids(), READ_CHUNK));
    trimDue.putIfAbsent(tenant, clock.millis() + TRIM_INTERVAL.toMillis());
    return batch.ids().size() >= options.batchSize();
  }

  /**
   * A batch as the store and the acknowledgement need it: the stream replies themselves are garbage once it is
   * made, so a collection during the store (which takes most of a batch's time) does not copy them too.
   *
   * @param ids every entry id taken, to acknowledge
   * @param events the entries that still had a body, to store
   */
  private record Batch(List<String> ids, List<StreamEvent> events) {}

  private Batch take(String tenant) throws Exception {
    List<StreamMessage<String, String>> entries = next(tenant);
    List<StreamEvent> events = new ArrayList<>(entries.size());
    List<String> lost = new ArrayList<>();
    for (StreamMessage<String, String> m : entries) {
      if (m.getBody() == null || m.getBody().isEmpty()) {
        lost.add(m.getId());
      } else {
        events.add(StreamEvent.of(tenant, m.getId(), m.getBody()));
      }
    }
    if (!lost.isEmpty()) {
      LOG.warn("records.events-lost tenant={} count={} first={} (trimmed from the stream by acd.event-stream-max-len "
          + "before they were recorded)", tenant, lost.size(), lost.get(0));
    }
    return new Batch(EventStream.ids(entries), events);
  }

  /** The tenant's next entries: abandoned ones taken over, else new ones (its group made first if need be). */
  private List<StreamMessage<String, String>> next(String tenant) throws Exception {
    if (grouped.add(tenant)) {
      try {
        stream.ensureGroup(tenant);
      } catch (Exception e) {
        grouped.remove(tenant);
        throw e;
      }
    }
    try {
      List<StreamMessage<String, String>> batch = claimIfDue(tenant);
      return batch.isEmpty() ? readBatch(tenant) : batch;
    } catch (Exception e) {
      if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
        grouped.remove(tenant);  // Redis lost the group (restart without persistence): made again next round
      }
      throw e;
    }
  }

  /**
   * Entries another consumer left pending, when it is time to look for them (a full batch found: look again next
   * round); else none.
   */
  private List<StreamMessage<String, String>> claimIfDue(String tenant) throws Exception {
    long now = clock.millis();
    Long due = claimDue.get(tenant);
    if (due != null && now < due) {
      return List.of();
    }
    List<StreamMessage<String, String>> claimed = stream.claim(tenant, options.claimIdle(), options.batchSize());
    long every = Math.min(options.claimIdle().toMillis(), CLAIM_CHECK_MAX.toMillis());
    claimDue.put(tenant, claimed.size() >= options.batchSize() ? now : now + every);
    return claimed;
  }

  /** Trims the streams whose trim is due, past what every group acknowledged and the retention window. */
  private void trimDue() throws Exception {
    if (trimDue.isEmpty()) {
      return;
    }
    long now = clock.millis();
    for (var it = trimDue.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (now >= e.getValue()) {
        stream.trim(e.getKey(), now - STREAM_RETENTION_MS);
        it.remove();
      }
    }
  }

  /**
   * Up to records.batch-size new entries, read {@link #READ_CHUNK} at a time: Redis runs one command at a time, and
   * one read of 5,000 entries holds it for ~5 ms (500: over 1 ms), during which no routing script of the live call
   * path runs.
   */
  private List<StreamMessage<String, String>> readBatch(String tenant) throws Exception {
    List<StreamMessage<String, String>> batch = new ArrayList<>();
    while (batch.size() < options.batchSize()) {
      int want = Math.min(READ_CHUNK, options.batchSize() - batch.size());
      List<StreamMessage<String, String>> chunk = stream.read(tenant, want);
      batch.addAll(chunk);
      if (chunk.size() < want) {
        break;
      }
    }
    return batch;
  }

  /** Stores the batch, retrying with backoff until it commits; {@link Stopped} when the pipeline stops meanwhile. */
  private void storeWithRetry(List<StreamEvent> events) throws Exception {
    while (true) {
      if (!running) {
        throw new Stopped();
      }
      try {
        store.store(events);
        return;
      } catch (InterruptedException e) {
        throw new Stopped();
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        if (!running) {
          throw new Stopped();
        }
        failed("store", e);
        refreshLagQuietly();
        if (!pause(backoff())) {
          throw new Stopped();
        }
      }
    }
  }

  private void refreshTenants() throws Exception {
    long now = clock.millis();
    if (tenantsReadAt < 0 || now - tenantsReadAt >= TENANTS_REFRESH.toMillis()) {
      tenants = List.copyOf(stream.tenants());
      tenantsReadAt = now;
    }
  }

  /** Sums the tenants' lag into {@link #status} (at most once per {@link #LAG_REFRESH} unless forced). */
  private void refreshLag(boolean force) throws Exception {
    long now = clock.millis();
    if (!force && lagReadAt >= 0 && now - lagReadAt < LAG_REFRESH.toMillis()) {
      return;
    }
    lagReadAt = now;
    long events = 0;
    long oldest = Long.MAX_VALUE;
    for (String tenant : tenants) {
      EventStream.Lag lag = stream.lag(tenant);
      events += lag.events();
      if (lag.oldestMillis() >= 0) {
        oldest = Math.min(oldest, lag.oldestMillis());
      }
    }
    double age = oldest == Long.MAX_VALUE ? 0 : Math.max(0, now - oldest) / 1000.0;
    RecordsStatus s = status;
    status = new RecordsStatus(events, age, s.storeUp(), s.lastError());
  }

  private void refreshLagQuietly() {
    try {
      refreshLag(false);
    } catch (Exception e) {
      // Redis is the one failing: the last figures stay
    }
  }

  private void failed(String what, Throwable e) {
    long now = clock.millis();
    String error = what + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    RecordsStatus s = status;
    status = new RecordsStatus(s.lagEvents(), s.oldestPendingSeconds(), s.storeUp() && !"store".equals(what), error);
    if (failingSince < 0) {
      failingSince = now;
      failureLoggedAt = now;
      LOG.warn("records.{}-failed error={} (events wait in Redis; retrying)", what, error);
    } else if (now - failureLoggedAt >= FAILURE_LOG_INTERVAL.toMillis()) {
      failureLoggedAt = now;
      LOG.warn("records.{}-failing seconds={} lag={} error={}", what, (now - failingSince) / 1000,
          status.lagEvents(), error);
    }
  }

  private void recovered() {
    if (failingSince >= 0) {
      LOG.info("records.recovered after-ms={}", clock.millis() - failingSince);
      failingSince = -1;
    }
    RecordsStatus s = status;
    if (!s.storeUp() || !s.lastError().isEmpty()) {
      status = new RecordsStatus(s.lagEvents(), s.oldestPendingSeconds(), true, "");
    }
  }

  private Duration backoff() {
    if (failingSince < 0) {
      return RETRY_MIN;
    }
    long failingFor = clock.millis() - failingSince;
    long next = RETRY_MIN.toMillis();
    while (next < failingFor && next < options.retryMax().toMillis()) {
      next *= 2;
    }
    return Duration.ofMillis(Math.min(next, options.retryMax().toMillis()));
  }

  /** Sleeps; false when the pipeline was stopped meanwhile. */
  private boolean pause(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** The pipeline stopped while a batch was in hand: it is left pending for another consumer. */
  private static final class Stopped extends Exception {
    Stopped() {
      super(null, null, false, false);
    }
  }
}
