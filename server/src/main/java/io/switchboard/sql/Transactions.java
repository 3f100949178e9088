package io.switchboard.sql;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One unit of JDBC work in one transaction on a pooled connection. */
public final class Transactions {
  private Transactions() {}

  /** Work on the transaction's connection; may throw what the caller's method throws. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run(Connection c) throws E, SQLException;
  }

  /**
   * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws, and what it threw is
   * rethrown unchanged (a failed rollback is not allowed to hide it: the pool discards that connection). Blocking.
   */
  public static <T, E extends Exception> T inTransaction(DataSource dataSource, Work<T, E> work)
      throws E, SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Exception e) {
        rollbackQuietly(c);
        throw e;
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the original failure is the one to report
    }
  }
}
