package io.switchboard.campaigns;

import java.util.List;

/**
 * How many calls a predictive campaign should have ringing, as a pure function of what was measured (no sockets, no
 * timers, no clock of its own: the caller passes every figure, measured at its own instant). docs/campaigns.md,
 * "Predictive pacing".
 *
 * <p>The calls ringing now and the ones placed this round all answer within about one mean time to answer; each
 * answers with the measured answer rate {@code p}, independently, so the number answering is Binomial(N, p). They
 * find {@code A} agents: the free ones plus those about to free up, minus the answered contacts already waiting for
 * one. An answered contact beyond {@code A} is abandoned (it hears the abandon message after the grace time). The
 * model takes the largest N whose expected abandoned share of answered calls, E[(X − A)+] / (N·p), stays at or under
 * the round's aim:
 *
 * <pre>
 *   aim = cap × aim-fraction × backoff,  backoff = clamp((cap − rate30d) / (cap × backoff-band), 0, 1)
 *
 *   rate30d ≤ cap × (1 − backoff-band) ──► full aim: over-dial as the measurements allow
 *   cap × (1 − band) < rate30d < cap    ──► aim shrinks linearly toward 0
 *   rate30d ≥ cap, or aim 0, or fewer than min-samples attempts measured, or p unknown
 *                                       ──► progressive: one call per free agent (N ≤ free − waiting), never more
 * </pre>
 *
 * and never more than {@code max-ratio} calls per available agent. Immutable and thread-safe.
 */
public final class PredictivePacing {

  /**
   * The model's knobs ({@code campaigns.predictive.*} in switchboard-reference.conf).
   *
   * @param aimFraction share of the cap aimed at when the 30-day rate is well under it (0 to 1): the margin that
   *     absorbs the model's error
   * @param backoffBand share of the cap, below it, over which the aim falls to 0 as the 30-day rate rises (0 to 1)
   * @param minSamples attempts measured before the answer rate is trusted; fewer: progressive
   * @param maxRatio most calls ringing per available agent
   * @param graceMs how long an answered contact may wait for an agent before it is abandoned (2000)
   */
  public record Knobs(double aimFraction, double backoffBand, int minSamples, double maxRatio, long graceMs) {
    public Knobs {
      if (!(aimFraction > 0 && aimFraction <= 1) || !(backoffBand > 0 && backoffBand <= 1)) {
        throw new IllegalArgumentException("aimFraction and backoffBand must be in (0, 1]");
      }
      if (minSamples < 1 || !(maxRatio >= 1) || graceMs < 0) {
        throw new IllegalArgumentException("minSamples ≥ 1, maxRatio ≥ 1, graceMs ≥ 0");
      }
    }
  }

  /**
   * What was measured, at one instant.
   *
   * @param attempts recent attempts the rates come from (dialed and ended)
   * @param answerRate answered / attempts of those, 0 to 1
   * @param meanAnswerMs mean time from dialing to the answer of the answered ones (ms)
   * @param meanHandleMs mean time an agent is busy with an answered contact, talk and wrap-up (ms)
   * @param freeAgents agents idle in the campaign's queue now
   * @param soonFreeAgents busy agents expected free by the time the calls dialed now answer
   *     ({@link #soonFree})
   * @param waitingAnswered answered contacts waiting for an agent now
   * @param ringing the campaign's calls dialed and not answered yet
   * @param abandonRate30d the campaign's abandoned / connected over the last 30 days, 0 to 1 (0 with none)
   * @param capPercent the campaign's abandon cap, percent of connected calls
   */
  public record Measures(long attempts, double answerRate, double meanAnswerMs, double meanHandleMs, int freeAgents,
      int soonFreeAgents, int waitingAnswered, int ringing, double abandonRate30d, double capPercent) {}

  /**
   * The round's decision.
   *
   * @param inFlight calls that should be ringing
   * @param place new calls to place now ({@code inFlight − ringing}, at least 0)
   * @param progressive whether the model fell back to one call per free agent
   * @param expectedAbandon the expected abandoned share of the calls answering (0 to 1) at {@code inFlight}
   */
  public record Decision(int inFlight, int place, boolean progressive, double expectedAbandon) {}

  /** The most calls one decision may have in flight (keeps the binomial sums small). */
  static final int MAX_IN_FLIGHT = 2_000;

  private final Knobs knobs;

  public PredictivePacing(Knobs knobs) {
    this.knobs = knobs;
  }

  public Knobs knobs() {
    return knobs;
  }

  /** The round's decision from {@code m}. */
  public Decision decide(Measures m) {
    int available = m.freeAgents() + m.soonFreeAgents() - m.waitingAnswered();
    double aim = aim(m);
    if (aim <= 0 || m.attempts() < knobs.minSamples() || !(m.answerRate() > 0) || available <= 0) {
      return progressive(m);
    }
    double p = Math.min(1, m.answerRate());
    int ceiling = (int) Math.min(MAX_IN_FLIGHT, Math.floor(available * knobs.maxRatio()));
    int best = Math.max(0, Math.min(available, ceiling));
    double bestShare = expectedAbandonShare(best, p, available);
    for (int n = best + 1; n <= ceiling; n++) {
      double share = expectedAbandonShare(n, p, available);
      if (share > aim) {
        break; // the share grows with n
      }
      best = n;
      bestShare = share;
    }
    return new Decision(best, Math.max(0, best - m.ringing()), false, bestShare);
  }

  /** The round's aimed abandoned share (0 to 1): 0 once the 30-day rate reaches the cap. */
  double aim(Measures m) {
    double cap = m.capPercent() / 100.0;
    if (cap <= 0) {
      return 0;
    }
    double backoff = Math.max(0, Math.min(1, (cap - m.abandonRate30d()) / (cap * knobs.backoffBand())));
    return cap * knobs.aimFraction() * backoff;
  }

  private static Decision progressive(Measures m) {
    int n = Math.max(0, m.freeAgents() - m.waitingAnswered());
    return new Decision(n, Math.max(0, n - m.ringing()), true, 0);
  }

  /**
   * E[(X − a)+] / E[X] for X ~ Binomial(n, p): the expected share of the answered calls that find no agent when
   * {@code a} are available. 0 when n ≤ a.
   */
  static double expectedAbandonShare(int n, double p, int a) {
    if (n <= a || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return (double) (n - a) / n;
    }
    // P(X = k) iteratively in log space-free form: pmf(k+1) = pmf(k) · (n−k)/(k+1) · p/(1−p)
    double q = 1 - p;
    double pmf = Math.pow(q, n);
    double excess = 0;
    if (pmf == 0) { // underflow for large n: fall back to the normal approximation
      return normalShare(n, p, a);
    }
    for (int k = 0; k < n; k++) {
      pmf = pmf * (n - k) / (k + 1) * p / q;
      if (k + 1 > a) {
        excess += (k + 1 - a) * pmf;
      }
    }
    return excess / (n * p);
  }

  /** The normal approximation of {@link #expectedAbandonShare} (continuity-corrected). */
  static double normalShare(int n, double p, int a) {
    double mean = n * p;
    double sd = Math.sqrt(n * p * (1 - p));
    double z = (a + 0.5 - mean) / sd;
    double pdf = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    double tail = 0.5 * erfc(z / Math.sqrt(2));
    return Math.max(0, (sd * pdf - (a + 0.5 - mean) * tail)) / mean;
  }

  private static double erfc(double x) { // Numerical Recipes' erfc (fractional error < 1.2e-7)
    double t = 1 / (1 + 0.5 * Math.abs(x));
    double r = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851973 + t * (-0.82215223
        + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  /**
   * Busy agents expected free within {@code horizonMs}: those whose call has lasted at least the mean handle time
   * minus the horizon (the mean time to answer plus the grace time, for the calls dialed now).
   *
   * @param busyElapsedMs how long each busy agent has been on its current call, wrap-up included (ms)
   */
  public static int soonFree(List<Long> busyElapsedMs, double meanHandleMs, double horizonMs) {
    double threshold = meanHandleMs - horizonMs;
    int n = 0;
    for (long e : busyElapsedMs) {
      if (e >= threshold) {
        n++;
      }
    }
    return n;
  }
}
