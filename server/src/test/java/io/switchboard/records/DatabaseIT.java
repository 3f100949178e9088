package io.switchboard.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.Node;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.support.TestNodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opening the store of record: the embedded server keeps its data across restarts; a dead server stops the start. */
class DatabaseIT {

  /** A node without a data directory keeps nothing: its embedded server's temporary directory goes when it stops. */
  @Test
  void withoutADirectoryTheEmbeddedDatabaseLeavesNothingBehind() {
    Path dir;
    try (Database db = Database.open(RecordsFixture.config(Map.of()), null)) {
      dir = Path.of(db.description().replaceFirst("^embedded PostgreSQL, data in (.*), port \\d+$", "$1"));
      assertThat(dir.resolve("PG_VERSION")).as("the server's data in " + dir).isRegularFile();
    }
    assertThat(dir).as("deleted at stop").doesNotExist();
  }

  @Test
  void theEmbeddedDatabaseKeepsItsDataAcrossRestartsAndMigratesOnce() throws Exception {
    Path dir = Files.createTempDirectory("records-embedded");
    var config = RecordsFixture.config(Map.of());
    long migrations;
    try (Database first = Database.open(config, dir)) {
      assertThat(first.description()).contains(dir.toString());
      try (var c = first.dataSource().getConnection(); var q = c.createStatement();
          ResultSet rs = q.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
        rs.next();
        migrations = rs.getLong(1);
      }
      new PgEventStore(first.dataSource()).store(List.of(
          new StreamEvent("t1", "1700000000000-0", "call.enqueued", 1_700_000_000_000L, "n1", Map.of("callId", "c1"))));
    }
    try (Database again = Database.open(config, dir);
        var c = again.dataSource().getConnection(); var q = c.createStatement()) {
      ResultSet rs = q.executeQuery("SELECT type, fields->>'callId', extract(epoch from ts)::bigint, entry_ms, "
          + "entry_seq FROM events WHERE tenant = 't1'");
      assertThat(rs.next()).as("the row written before the restart").isTrue();
      assertThat(rs.getString(1)).isEqualTo("call.enqueued");
      assertThat(rs.getString(2)).isEqualTo("c1");
      assertThat(rs.getLong(3)).isEqualTo(1_700_000_000L);
      assertThat(rs.getLong(4)).isEqualTo(1_700_000_000_000L);
      assertThat(rs.getLong(5)).isZero();
      assertThat(rs.next()).isFalse();
      for (String durable : List.of("fsync", "synchronous_commit")) {
        ResultSet setting = q.executeQuery("SHOW " + durable);
        setting.next();
        assertThat(setting.getString(1)).as(durable).isEqualTo("on");
      }
      // every migration once: the restart applied none again
      ResultSet history = q.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success");
      history.next();
      assertThat(migrations).as("migrations applied at the first start").isGreaterThanOrEqualTo(1);
      assertThat(history.getLong(1)).as("migrations after the restart").isEqualTo(migrations);
      // the same event again (a redelivery) is skipped, not refused
      new PgEventStore(again.dataSource()).store(List.of(
          new StreamEvent("t1", "1700000000000-0", "call.enqueued", 1_700_000_000_000L, "n1", Map.of("callId", "c1"))));
      ResultSet count = q.executeQuery("SELECT count(*) FROM events");
      count.next();
      assertThat(count.getLong(1)).isEqualTo(1);
    }
  }

  @Test
  void aServerThatDoesNotAnswerFailsTheOpenWithoutThePassword() {
    int port = EmbeddedRedis.freePort();
    var config = RecordsFixture.config(Map.of("database.url", "postgresql://sb:s3cret@127.0.0.1:" + port + "/sb",
        "database.connect-timeout-ms", "1000"));
    assertThatThrownBy(() -> Database.open(config, Path.of("unused")))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("PostgreSQL (jdbc:postgresql://127.0.0.1:" + port + "/sb) is unavailable")
        .hasMessageContaining("Connection")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  /** No half-started node: the start fails with the reason and leaves nothing listening. */
  @Test
  void aNodeWhoseDatabaseDoesNotAnswerDoesNotStart() {
    int pgPort = EmbeddedRedis.freePort();
    int httpPort = EmbeddedRedis.freePort();
    SwitchboardConfig config = SwitchboardConfig.from(TestNodes.settings(Map.of(
        "http.host", "127.0.0.1", "http.port", String.valueOf(httpPort), "sip.host", "127.0.0.1", "sip.port", "0",
        "media.bind-host", "127.0.0.1", "node.id", "no-db", "auth.bcrypt.cost", "4",
        "database.url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/switchboard",
        "database.connect-timeout-ms", "1000")));
    assertThatThrownBy(() -> Node.start(config, new PrintStream(new ByteArrayOutputStream())))
        .isInstanceOf(DatabaseException.class).hasMessageContaining("is unavailable");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", httpPort), 500);
      throw new AssertionError("something listens on the failed node's HTTP port");
    } catch (java.io.IOException expected) {
      // refused: nothing was left running
    }
  }
}
