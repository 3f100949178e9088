package io.switchboard.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where report sums come from (PostgreSQL: {@link PgReportStore}).
 *
 * <p>Threading: every method blocks (JDBC); call it on a worker thread, never on a Vert.x event loop.
 */
public interface ReportStore {

  /**
   * Sums per key (queue or agent id) for every row of a range, and over the whole range.
   *
   * @param rows per key, one entry per row of the range in order (zeros where nothing happened)
   * @param totals per key, over the whole range
   */
  record Table<T>(Map<String, List<T>> rows, Map<String, T> totals) {}

  /**
   * The queue sums of the calls that first entered each of {@code serviceLevelSeconds}' queues.
   *
   * @param serviceLevelSeconds the queues to report, with their service-level threshold in seconds
   * @param shortAbandonMs abandons shorter than this are short abandons
   */
  Table<QueueSums> queues(String tenant, ReportRange range, Map<String, Integer> serviceLevelSeconds,
      long shortAbandonMs);

  /**
   * The agent sums of {@code agents}: offers (by their offer time) and time by state, clipped to each row.
   *
   * @param now states still current last until now (or the end of the range if sooner)
   */
  Table<AgentSums> agents(String tenant, ReportRange range, List<String> agents, Instant now);
}
