package io.switchboard.recording;

import java.util.List;
import java.util.Optional;

/**
 * Recordings' metadata and their listens ({@link PgRecordingCatalog}: PostgreSQL). Every method blocks (JDBC): call
 * them from a worker, never an event loop or a media thread. Tenant-scoped reads never return another tenant's rows.
 */
public interface RecordingCatalog {
  /** Inserts or replaces the row of {@code r.id()} (the writer saves the whole row at each change). */
  void save(Recording r) throws Exception;

  /** The tenant's recordings of {@code callId}, oldest first. */
  List<Recording> ofCall(String tenant, String callId) throws Exception;

  /** One recording of the tenant, empty when there is none (or it is another tenant's). */
  Optional<Recording> get(String tenant, String id) throws Exception;

  /** Logs a playback: {@code range} is the HTTP Range asked for, null for the whole file. */
  void listened(String tenant, String id, String user, String range) throws Exception;
}
