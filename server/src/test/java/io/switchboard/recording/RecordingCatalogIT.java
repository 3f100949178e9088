package io.switchboard.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.RetentionConfig;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.records.Database;
import io.switchboard.records.RetentionPurge;
import io.switchboard.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings' metadata in a real PostgreSQL (migration V5): saved and replaced as the recording goes, read per call
 * and by id only within the tenant, listens logged; and the retention purge deleting old recordings' rows, listens
 * and stored audio while keeping the recent ones.
 */
class RecordingCatalogIT {
  static Database db;
  static PgRecordingCatalog catalog;

  @BeforeAll
  static void open() {
    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
        TestPostgres.newDatabase("recording_it"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
    db = Database.open(config.records(), Path.of("unused"));
    catalog = new PgRecordingCatalog(db.dataSource());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  static Recording rec(String id, String tenant, String call, String started, Recording.Status status) {
    return new Recording(id, tenant, call, "alice", "support", Instant.parse(started), null, 0, status, List.of(),
        tenant + "/x/" + id + ".wav", 44, 2, null);
  }

  @Test
  void savedAsItGoesReadWithinTheTenantListensLogged() throws Exception {
    Recording started = rec("rec-a", "acme", "c-1", "2026-12-06T10:00:00Z", Recording.Status.RECORDING);
    catalog.save(started);
    Recording paused = new Recording("rec-a", "acme", "c-1", "alice", "support", started.startedAt(), null, 0,
        Recording.Status.RECORDING, List.of(new Recording.Span(1500, -1)), started.storageKey(), 44, 2, null);
    catalog.save(paused);
    assertThat(catalog.get("acme", "rec-a")).hasValue(paused);
    Recording done = new Recording("rec-a", "acme", "c-1", "alice", "support", started.startedAt(),
        Instant.parse("2026-12-06T10:00:09Z"), 9000, Recording.Status.COMPLETE,
        List.of(new Recording.Span(1500, 3500)), started.storageKey(), 144_044, 2, null);
    catalog.save(done);
    catalog.save(rec("rec-b", "acme", "c-1", "2026-12-06T10:01:00Z", Recording.Status.FAILED));
    catalog.save(rec("rec-c", "globex", "c-1", "2026-12-06T10:00:00Z", Recording.Status.COMPLETE));

    assertThat(catalog.get("acme", "rec-a")).hasValue(done);
    assertThat(catalog.ofCall("acme", "c-1")).extracting(Recording::id).containsExactly("rec-a", "rec-b");
    assertThat(catalog.get("acme", "rec-c")).as("another tenant's").isEmpty();
    assertThat(catalog.ofCall("globex", "c-1")).extracting(Recording::id).containsExactly("rec-c");

    catalog.listened("acme", "rec-a", "sam", "bytes=0-99");
    catalog.listened("acme", "rec-a", "boss", null);
    assertThat(column("SELECT user_id || ' ' || coalesce(byte_range, '-') FROM recording_listens "
        + "WHERE recording_id = 'rec-a' ORDER BY id")).containsExactly("sam bytes=0-99", "boss -");
  }

  @Test
  void theRetentionPurgeDeletesOldRecordingsAudioRowsAndListens(@TempDir Path dir) throws Exception {
    LocalRecordingStore store = new LocalRecordingStore(dir);
    for (String[] r : new String[][] {{"old-1", "2025-01-01T00:00:00Z"}, {"old-2", "2025-06-01T00:00:00Z"},
        {"new-1", "2026-11-30T00:00:00Z"}}) {
      Recording row = rec(r[0], "purge", "c-" + r[0], r[1], Recording.Status.COMPLETE);
      try (RecordingStore.Upload u = store.create(row.storageKey())) {
        u.put(new byte[4], WavHeader.of(4));
        u.finish();
      }
      catalog.save(row);
      catalog.listened("purge", r[0], "sam", null);
    }
    RetentionPurge purge = new RetentionPurge(db.dataSource(), new RetentionConfig(400, Map.of("purge", 30),
        Duration.ofHours(1), 1), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))
        .withRecordings(store::delete);
    RetentionPurge.Result result = purge.runOnce();
    assertThat(result.recordings()).isEqualTo(2);
    assertThat(catalog.ofCall("purge", "c-old-1")).isEmpty();
    assertThat(catalog.ofCall("purge", "c-old-2")).isEmpty();
    assertThat(catalog.ofCall("purge", "c-new-1")).hasSize(1);
    assertThat(Files.exists(store.file("purge/x/old-1.wav"))).isFalse();
    assertThat(Files.exists(store.file("purge/x/old-2.wav"))).isFalse();
    assertThat(Files.exists(store.file("purge/x/new-1.wav"))).isTrue();
    assertThat(column("SELECT recording_id FROM recording_listens WHERE tenant = 'purge'"))
        .containsExactly("new-1");
  }

  static List<String> column(String sql) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement q = c.prepareStatement(sql);
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
