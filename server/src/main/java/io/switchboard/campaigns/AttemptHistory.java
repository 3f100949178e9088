package io.switchboard.campaigns;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent attempts of each predictive campaign as the node that dials them measured them (ms), for
 * {@link PredictivePacing}: ring times of answered and unanswered attempts, handle times of connected ones (answer
 * to the contact's hang-up: the agent's wrap-up is not seen by the dialing node, so it is left out). Only the last
 * {@link #KEPT} of each kind are kept per campaign; the history starts empty when the node starts (the model paces 1:1
 * until it has {@code min-samples} attempts).
 *
 * <p>Threading: any thread (each campaign's samples are guarded by their own lock).
 */
public final class AttemptHistory {
  /** Samples kept per kind and campaign. */
  public static final int KEPT = 500;

  private static final class Samples {
    final Deque<Long> answer = new ArrayDeque<>();
    final Deque<Long> unanswered = new ArrayDeque<>();
    final Deque<Long> handle = new ArrayDeque<>();
  }

  private final Map<String, Samples> byCampaign = new ConcurrentHashMap<>();

  /** The contact answered after {@code ringMs}. */
  public void answered(String tenant, String campaignId, long ringMs) {
    add(tenant, campaignId, s -> s.answer, ringMs);
  }

  /** The attempt ended unanswered (busy, no answer, rejected) after {@code ringMs}. */
  public void unanswered(String tenant, String campaignId, long ringMs) {
    add(tenant, campaignId, s -> s.unanswered, ringMs);
  }

  /** An answered contact talked with an agent for {@code handleMs}. */
  public void handled(String tenant, String campaignId, long handleMs) {
    add(tenant, campaignId, s -> s.handle, handleMs);
  }

  /** What was measured for the campaign ({@link PredictivePacing.History#NONE} when nothing). */
  public PredictivePacing.History history(String tenant, String campaignId) {
    Samples s = byCampaign.get(key(tenant, campaignId));
    if (s == null) {
      return PredictivePacing.History.NONE;
    }
    synchronized (s) {
      return new PredictivePacing.History(array(s.answer), array(s.unanswered), array(s.handle));
    }
  }

  private void add(String tenant, String campaignId, java.util.function.Function<Samples, Deque<Long>> kind,
      long ms) {
    Samples s = byCampaign.computeIfAbsent(key(tenant, campaignId), k -> new Samples());
    synchronized (s) {
      Deque<Long> d = kind.apply(s);
      d.addLast(Math.max(0, ms));
      if (d.size() > KEPT) {
        d.removeFirst();
      }
    }
  }

  private static long[] array(Deque<Long> d) {
    return d.stream().mapToLong(Long::longValue).toArray();
  }

  private static String key(String tenant, String campaignId) {
    return tenant + "/" + campaignId;
  }
}
