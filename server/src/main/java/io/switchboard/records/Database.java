package io.switchboard.records;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.config.RecordsConfig;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of record, open and migrated: a Hikari pool on the configured PostgreSQL (or on an embedded one started
 * here), with the schema brought up to date by Flyway. Opening fails with a {@link DatabaseException} that names what
 * did not answer; nothing is left running then.
 *
 * <p>Threading: opening blocks (seconds for the embedded server); connections must be used off the event loops.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  static final String MIGRATIONS = "classpath:db/migration";

  private final HikariDataSource pool;
  private final EmbeddedDatabase embedded;
  private final String description;

  private Database(HikariDataSource pool, EmbeddedDatabase embedded, String description) {
    this.pool = pool;
    this.embedded = embedded;
    this.description = description;
  }

  /**
   * Opens the database of {@code config} on a thread of its own, so the node's other start-up work runs meanwhile.
   *
   * @param embeddedDir the embedded server's data directory (null: a temporary one, deleted when it stops), used only
   *     when no database.url is configured
   */
  public static CompletableFuture<Database> openAsync(RecordsConfig config, Path embeddedDir) {
    CompletableFuture<Database> opened = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        opened.complete(open(config, embeddedDir));
      } catch (Throwable e) {
        opened.completeExceptionally(e);
      }
    }, "records-database-open");
    t.setDaemon(true);
    t.start();
    return opened;
  }

  /** The opened database, or the {@link DatabaseException} that opening failed with. */
  public static Database await(CompletableFuture<Database> opening) {
    try {
      return opening.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new DatabaseException("database failed", e.getCause());
    }
  }

  /** Closes the database once opening completes (at once if it has); for shutting down a half-started node. */
  public static void closeWhenOpen(CompletableFuture<Database> opening) {
    opening.thenAccept(Database::close).exceptionally(e -> null).join();
  }

  /**
   * Blocking: starts the embedded server when none is configured (on {@code embeddedDir}, or keeping nothing when it
   * is null), connects, migrates.
   */
  public static Database open(RecordsConfig config, Path embeddedDir) {
    EmbeddedDatabase embedded = null;
    String url;
    String user;
    String description;
    if (config.jdbcUrl().isPresent()) {
      url = config.jdbcUrl().get();
      user = config.user().orElse(null);
      description = redact(url);
    } else {
      long started = System.nanoTime();
      embedded = embeddedDir == null ? EmbeddedDatabase.startThrowAway(0) : EmbeddedDatabase.start(embeddedDir, 0);
      embedded.lowerCpuPriority(config.cpuNice());
      url = embedded.jdbcUrl();
      user = "postgres";
      description = "embedded PostgreSQL, data in " + embedded.directory() + ", port " + embedded.port();
      LOG.info("embedded PostgreSQL started dir={} port={} ms={} (set SWITCHBOARD_DATABASE_URL in production)",
          embedded.directory(), embedded.port(), (System.nanoTime() - started) / 1_000_000);
    }
    HikariDataSource pool = null;
    try {
      pool = new HikariDataSource(hikari(config, url, user));
      Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
      return new Database(pool, embedded, description);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw new DatabaseException("PostgreSQL (" + description + ") is unavailable: " + rootMessage(e), e);
    }
  }

  private static HikariConfig hikari(RecordsConfig config, String url, String user) {
    HikariConfig h = new HikariConfig();
    h.setPoolName("records");
    h.setJdbcUrl(url);
    if (user != null) {
      h.setUsername(user);
    }
    config.password().ifPresent(h::setPassword);
    h.setMaximumPoolSize(config.poolSize());
    h.setMinimumIdle(1);
    h.setConnectionTimeout(config.connectTimeout().toMillis());
    // fail at start, with the driver's reason, when the server does not answer within the connect timeout
    h.setInitializationFailTimeout(config.connectTimeout().toMillis());
    h.addDataSourceProperty("reWriteBatchedInserts", "true");  // one multi-row INSERT per batch
    h.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, config.connectTimeout().toSeconds())));
    return h;
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + redact(m));
  }

  public DataSource dataSource() {
    return pool;
  }

  /** What this is, for logs: the URL without a password, or the embedded server's directory and port. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
