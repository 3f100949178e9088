package io.switchboard.records;

import java.util.List;

/**
 * Where the pipeline writes events. Contract: {@link #store} writes the whole batch in one transaction or nothing,
 * and is idempotent (an event already stored is skipped), so a batch may be retried or delivered twice. It blocks:
 * call it only from the pipeline's thread.
 */
public interface EventStore {
  /** Stores {@code events} (any tenants) and returns once they are committed; throws if nothing was committed. */
  void store(List<StreamEvent> events) throws Exception;
}
