package io.switchboard.cases;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done in the transaction that changes a case, so it commits or rolls back with the change (webhook deliveries
 * are queued there). Threading: the caller's worker thread; may block.
 */
@FunctionalInterface
public interface CaseHook {
  CaseHook NONE = (c, after, change) -> {};

  void changed(Connection c, Case after, CaseHistory change) throws SQLException;
}
