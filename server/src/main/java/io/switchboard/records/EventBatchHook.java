package io.switchboard.records;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Work done in the transaction that stores a batch of events ({@link PgEventStore}), so it commits or rolls back
 * with them: a batch stored twice (a dead consumer's batch claimed again) runs it twice, so it must be idempotent.
 * Threading: called on the pipeline's thread; may block.
 */
@FunctionalInterface
public interface EventBatchHook {
  EventBatchHook NONE = (c, events) -> {};

  /** @param events the batch, in stream order (some may have been stored before) */
  void stored(Connection c, List<StreamEvent> events) throws SQLException;

  /**
   * Then, in the same transaction: the interaction records the batch changed, as now folded (with their legs).
   * Nothing by default.
   */
  default void refolded(Connection c, List<Interaction> interactions) throws SQLException {}
}
