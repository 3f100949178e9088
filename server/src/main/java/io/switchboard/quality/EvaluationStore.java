package io.switchboard.quality;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where evaluations are kept. Blocking (JDBC): call it only on a worker thread. Every call is of one tenant. */
public interface EvaluationStore {
  int MAX_PAGE = 200;

  /**
   * A listing, newest first: each non-null filter applied; {@code among} not null: only those agents' evaluations
   * (a team leader's members; empty: none).
   */
  record Filter(String tenant, String agent, String queue, String callId, Instant from, Instant to,
      Set<String> among, int limit) {}

  /** The sums of one group (an agent, a queue) over a range: evaluations counted, their scores added, failures. */
  record Average(String key, int evaluations, BigDecimal scoreSum, int failed) {
    /** Adds {@code o}'s sums to these (a team's from its members'), keeping this key. */
    public Average plus(Average o) {
      return new Average(key, evaluations + o.evaluations, scoreSum.add(o.scoreSum), failed + o.failed);
    }

    /** The mean score in percent, half-up to 2 decimals; null for no evaluations. */
    public BigDecimal averageScore() {
      return evaluations == 0 ? null
          : scoreSum.divide(BigDecimal.valueOf(evaluations), 2, java.math.RoundingMode.HALF_UP);
    }
  }

  void insert(Evaluation e);

  Optional<Evaluation> get(String tenant, String id);

  List<Evaluation> list(Filter f);

  /**
   * Marks the evaluation acknowledged at {@code at} with {@code comment}, only when it is {@code agent}'s and not yet
   * acknowledged; false when it was not (acknowledged already, or not this agent's).
   */
  boolean acknowledge(String tenant, String id, String agent, Instant at, String comment);

  /** Averages per agent ({@code byQueue} false) or per queue over evaluations created in [from, to). */
  List<Average> averages(String tenant, Instant from, Instant to, boolean byQueue);
}
