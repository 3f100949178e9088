package io.switchboard.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.config.RecordsConfig;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The durable event pipeline against a real Redis and a real PostgreSQL, fed by real ACD operations: every event lands
 * exactly once, a consumer that dies holding a batch loses nothing, PostgreSQL going away and coming back costs only
 * lag, and the stream is trimmed only past what every consumer group acknowledged.
 */
class RecordsPipelineIT {
  static Database db;
  RecordsFixture fx;
  RecordsPipeline a;
  RecordsPipeline b;

  @BeforeAll
  static void openDatabase() {
    db = Database.open(RecordsFixture.config(Map.of("database.url", TestPostgres.newDatabase("records_it"))),
        Path.of("unused"));
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @BeforeEach
  void setUp() {
    fx = new RecordsFixture();
  }

  @AfterEach
  void tearDown() {
    for (RecordsPipeline p : new RecordsPipeline[] {a, b}) {
      if (p != null) {
        p.stop();
      }
    }
    fx.close();
  }

  static RecordsConfig fast(String batchSize) {
    return RecordsFixture.config(Map.of("records.batch-size", batchSize, "records.poll-interval-ms", "20",
        "records.claim-idle-ms", "500", "records.retry-max-ms", "300"));
  }

  void awaitCaughtUp(RecordsPipeline p, long expected) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(fx.storedCount(db.dataSource())).isEqualTo(expected);
      assertThat(p.status().lagEvents()).isZero();
      assertThat(fx.pendingInGroup()).isZero();
    });
  }

  @Test
  void everyEventOfRealCallsLandsExactlyOnceAndTheStreamIsTrimmedOnlyPastTheAcknowledged() throws Exception {
    fx.auditGroup();  // holds every entry in the stream, so the test can count them
    a = fx.pipeline("node-a", new PgEventStore(db.dataSource()), fast("7"));
    a.start();
    fx.calls(20);
    long produced = fx.streamLength();
    assertThat(produced).as("events of 20 answered calls").isGreaterThanOrEqualTo(20 * 4);
    awaitCaughtUp(a, produced);
    assertThat(fx.storedIds(db.dataSource())).isEqualTo(fx.streamIds());
    assertThat(fx.interactionOutcomes(db.dataSource())).as("the projection ran in the pipeline's transactions")
        .isEqualTo(java.util.Map.of("answered", 20L));
    assertThat(fx.streamLength()).as("the audit group still needs them all").isEqualTo(produced);
    assertThat(a.status().oldestPendingSeconds()).isZero();

    fx.dropAuditGroup();
    fx.calls(3);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(fx.pendingInGroup()).isZero();
      assertThat(a.status().lagEvents()).isZero();
      assertThat(fx.streamLength()).as("trimmed to the last recorded entry").isEqualTo(1);
    });
    long total = fx.storedCount(db.dataSource());
    assertThat(total).isGreaterThan(produced);
    assertThat(a.recorded()).as("each acknowledged once").isEqualTo(total);
    try (var c = db.dataSource().getConnection(); var q = c.createStatement()) {
      var rs = q.executeQuery("SELECT type, node, fields->>'callId', ts FROM events WHERE tenant = '" + fx.tenant
          + "' ORDER BY entry_ms, entry_seq LIMIT 1");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isNotEmpty();
      assertThat(rs.getString(2)).isEqualTo("records-it");
    }
  }

  /**
   * Node A reads a batch and dies before its XACK (before or after its commit); node B takes the batch over once it
   * has been idle records.claim-idle-ms, and the table ends with every event once.
   */
  @ParameterizedTest(name = "committed before dying: {0}")
  @ValueSource(booleans = {false, true})
  void aBatchLeftPendingByADeadConsumerIsClaimedAndStoredOnce(boolean committedFirst) throws Exception {
    fx.calls(10);
    long produced = fx.streamLength();
    CountDownLatch holding = new CountDownLatch(1);
    EventStore real = new PgEventStore(db.dataSource());
    EventStore dying = events -> {
      if (committedFirst) {
        real.store(events);
      }
      holding.countDown();
      Thread.sleep(Long.MAX_VALUE);  // the node hangs here until it is killed (stop interrupts)
    };
    a = fx.pipeline("node-a", dying, fast("25"));
    a.start();
    assertThat(holding.await(15, TimeUnit.SECONDS)).isTrue();
    a.stop();
    assertThat(fx.pendingInGroup()).as("node A's batch, unacknowledged").isEqualTo(25);
    assertThat(fx.storedCount(db.dataSource())).isEqualTo(committedFirst ? 25 : 0);

    b = fx.pipeline("node-b", real, fast("25"));
    b.start();
    awaitCaughtUp(b, produced);
    assertThat(fx.storedCount(db.dataSource())).as("no event twice").isEqualTo(produced);
    assertThat(b.recorded()).as("B acknowledged all of them, A's batch included").isEqualTo(produced);
  }

  @Test
  void postgresStoppedAndRestartedMidRunCostsOnlyLag() throws Exception {
    Path dir = Files.createTempDirectory("records-restart-pg");
    int port = EmbeddedRedis.freePort();
    EmbeddedDatabase pg = EmbeddedDatabase.start(dir, port);
    Database own = null;
    try {
      own = Database.open(RecordsFixture.config(Map.of("database.url", pg.jdbcUrl(),
          "database.connect-timeout-ms", "500")), Path.of("unused"));
      fx.auditGroup();
      a = fx.pipeline("node-a", new PgEventStore(own.dataSource()), fast("10"));
      a.start();
      fx.calls(5);
      Database open = own;
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(a.status().lagEvents()).isZero();
        assertThat(fx.storedCount(open.dataSource())).isEqualTo(fx.streamLength());
      });
      long before = fx.streamLength();

      pg.close();
      long started = System.nanoTime();
      fx.calls(10);  // routing goes on: every call is offered, answered and wrapped up
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(tookMs).as("40 ACD operations with PostgreSQL down").isLessThan(5000);
      AtomicLong peak = new AtomicLong();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        RecordsStatus s = a.status();
        peak.accumulateAndGet(s.lagEvents(), Math::max);
        assertThat(s.storeUp()).isFalse();
        assertThat(s.lagEvents()).as("the lag rose").isEqualTo(fx.streamLength() - before);
        assertThat(s.oldestPendingSeconds()).isPositive();
      });

      pg = EmbeddedDatabase.start(dir, port);  // the same data directory and port
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(a.status().lagEvents()).isZero();
        assertThat(a.status().storeUp()).isTrue();
        assertThat(fx.pendingInGroup()).isZero();
      });
      assertThat(peak.get()).isGreaterThanOrEqualTo(10 * 4);
      assertThat(fx.storedCount(own.dataSource())).as("events from before the stop survived it, none twice")
          .isEqualTo(fx.streamLength());
      assertThat(fx.storedIds(own.dataSource())).isEqualTo(fx.streamIds());
    } finally {
      if (a != null) {
        a.stop();
      }
      if (own != null) {
        own.close();
      }
      pg.close();
    }
  }

  @Test
  void theLagCountsEventsNoConsumerHasReadYet() throws Exception {
    fx.calls(3);
    EventStream stream = new EventStream(fx.redis.commands(), "node-a");
    EventStream.Lag before = stream.lag(fx.tenant);
    assertThat(before.events()).as("no group yet: the whole stream").isEqualTo(fx.streamLength());
    stream.ensureGroup(fx.tenant);
    List<?> read = stream.read(fx.tenant, 5);
    EventStream.Lag after = stream.lag(fx.tenant);
    assertThat(after.pending()).isEqualTo(read.size());
    assertThat(after.undelivered()).isEqualTo(fx.streamLength() - read.size());
    assertThat(after.oldestId()).isEqualTo(before.oldestId());
  }
}
