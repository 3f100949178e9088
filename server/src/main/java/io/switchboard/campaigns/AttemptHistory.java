package io.switchboard.campaigns;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent attempts of each predictive campaign as the node that dials them measured them (ms), for
 * {@link PredictivePacing}: ring times of answered and unanswered attempts, handle times of connected ones. Only the
 * last {@link #KEPT} of each kind are kept per campaign. The pacer {@link #seed}s a campaign's history from the
 * store when this node takes its lease (or starts), and replaces its handle times with the store's (talk and
 * wrap-up: the dialing node sees only the talk) from time to time; the node's own measures append to them.
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

  /**
   * Replaces the campaign's samples with {@code h}'s (the last {@link #KEPT} of each kind), unless this node holds
   * more attempts of it than {@code h} (its own measures are the more exact: a store keeps no unanswered ring time).
   */
  public void seed(String tenant, String campaignId, PredictivePacing.History h) {
    Samples s = byCampaign.computeIfAbsent(key(tenant, campaignId), k -> new Samples());
    synchronized (s) {
      if (s.answer.size() + s.unanswered.size() > h.attempts()) {
        return;
      }
      fill(s.answer, h.answerMs());
      fill(s.unanswered, h.unansweredMs());
      fill(s.handle, h.handleMs());
    }
  }

  /** Replaces the campaign's handle times with {@code handleMs} (oldest first). */
  public void handleTimes(String tenant, String campaignId, long[] handleMs) {
    Samples s = byCampaign.computeIfAbsent(key(tenant, campaignId), k -> new Samples());
    synchronized (s) {
      fill(s.handle, handleMs);
    }
  }

  private static void fill(Deque<Long> d, long[] samples) {
    d.clear();
    for (int i = Math.max(0, samples.length - KEPT); i < samples.length; i++) {
      d.addLast(Math.max(0, samples[i]));
    }
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
