package io.switchboard.prompts;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where tenants' own prompts are kept. Blocking (JDBC): worker threads only, never an event loop. Thread-safe. */
public interface PromptStore {
  /** Saves (or replaces) a prompt; {@code ulaw} is 8 kHz mono µ-law. */
  PromptInfo save(String tenant, String language, String name, byte[] ulaw, String updatedBy, Instant at)
      throws SQLException;

  /** Its audio, if the tenant has that prompt. */
  Optional<byte[]> audio(String tenant, String language, String name) throws SQLException;

  /** One tenant's prompts, by language then name. */
  List<PromptInfo> list(String tenant) throws SQLException;

  /** Every tenant's prompts (what a node's cache compares with what it holds). */
  List<PromptInfo> all() throws SQLException;

  /** True if there was one to delete. */
  boolean delete(String tenant, String language, String name) throws SQLException;
}
