package io.switchboard.campaigns;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent attempts of each predictive campaign as the node that dials them measured them (ms), for
 * {@link PredictivePacing}: ring times of answered and unanswered attempts, handle times of connected ones. The last
 * {@link #KEPT} attempts are kept per campaign, answered and unanswered together (so their shares are the answer
 * rate of those attempts), and the last {@link #KEPT} handle times. The pacer {@link #seed}s a campaign's history
 * from the store when this node takes its lease (or starts), and replaces its handle times with the store's (talk and
 * wrap-up: the dialing node sees only the talk) from time to time; the node's own measures append to them.
 *
 * <p>Threading: any thread (each campaign's samples are guarded by their own lock).
 */
public final class AttemptHistory {
  /** Attempts, and handle times, kept per campaign. */
  public static final int KEPT = 500;

  private record Attempt(boolean answered, long ringMs) {}

  private static final class Samples {
    final Deque<Attempt> attempts = new ArrayDeque<>();
    final Deque<Long> handle = new ArrayDeque<>();
  }

  private final Map<String, Samples> byCampaign = new ConcurrentHashMap<>();

  /** The contact answered after {@code ringMs}. */
  public void answered(String tenant, String campaignId, long ringMs) {
    Samples s = samples(tenant, campaignId);
    synchronized (s) {
      add(s.attempts, new Attempt(true, Math.max(0, ringMs)));
    }
  }

  /** The attempt ended unanswered (busy, no answer, rejected) after {@code ringMs}. */
  public void unanswered(String tenant, String campaignId, long ringMs) {
    Samples s = samples(tenant, campaignId);
    synchronized (s) {
      add(s.attempts, new Attempt(false, Math.max(0, ringMs)));
    }
  }

  /**
   * Replaces the campaign's samples with {@code h}'s, unless this node holds more attempts of it than {@code h} (its
   * own measures are the more exact: a store keeps no unanswered ring time). The answered and unanswered attempts
   * are interleaved in their proportion, so the answer rate holds whichever the node's own measures push out first.
   */
  public void seed(String tenant, String campaignId, PredictivePacing.History h) {
    Samples s = samples(tenant, campaignId);
    synchronized (s) {
      if (s.attempts.size() > h.attempts()) {
        return;
      }
      s.attempts.clear();
      long[] a = h.answerMs();
      long[] u = h.unansweredMs();
      int total = a.length + u.length;
      for (int i = 0, ai = 0, ui = 0; i < total; i++) {
        boolean answered = ai < (long) (i + 1) * a.length / (double) total || ui == u.length;
        add(s.attempts, answered ? new Attempt(true, Math.max(0, a[ai++])) : new Attempt(false, Math.max(0, u[ui++])));
      }
      handles(s, h.handleMs());
    }
  }

  /** Replaces the campaign's handle times with {@code handleMs} (oldest first). */
  public void handleTimes(String tenant, String campaignId, long[] handleMs) {
    Samples s = samples(tenant, campaignId);
    synchronized (s) {
      handles(s, handleMs);
    }
  }

  /** What was measured for the campaign ({@link PredictivePacing.History#NONE} when nothing). */
  public PredictivePacing.History history(String tenant, String campaignId) {
    Samples s = byCampaign.get(key(tenant, campaignId));
    if (s == null) {
      return PredictivePacing.History.NONE;
    }
    synchronized (s) {
      return new PredictivePacing.History(
          s.attempts.stream().filter(Attempt::answered).mapToLong(Attempt::ringMs).toArray(),
          s.attempts.stream().filter(x -> !x.answered()).mapToLong(Attempt::ringMs).toArray(),
          s.handle.stream().mapToLong(Long::longValue).toArray());
    }
  }

  private static void handles(Samples s, long[] handleMs) {
    s.handle.clear();
    for (long ms : handleMs) {
      add(s.handle, Math.max(0, ms));
    }
  }

  private static <T> void add(Deque<T> d, T sample) {
    d.addLast(sample);
    if (d.size() > KEPT) {
      d.removeFirst();
    }
  }

  private Samples samples(String tenant, String campaignId) {
    return byCampaign.computeIfAbsent(key(tenant, campaignId), k -> new Samples());
  }

  private static String key(String tenant, String campaignId) {
    return tenant + "/" + campaignId;
  }
}
