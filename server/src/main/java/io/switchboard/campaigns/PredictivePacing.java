package io.switchboard.campaigns;

import java.util.List;

/**
 * How many calls a predictive campaign should place now, as a pure function of what was measured (no sockets, no
 * timers, no clock of its own: the caller passes every figure, measured at one instant). docs/campaigns.md,
 * "Predictive pacing".
 *
 * <p>The coming seconds are weighed one at a time ({@link #STEP_MS} apart, up to the longest measured time to
 * answer). By each instant t, answers come from the calls ringing now, each with its own chance of answering by t
 * (from how long it has rung and the measured ring times of answered and unanswered attempts), and from the n calls
 * placed now, each answering by t with the measured answer rate p times the share of measured answers that came by t.
 * They find the free agents, minus the answered contacts already waiting, plus the busy agents free by t + grace
 * (each with its own chance, from how long its call has lasted against the measured handle times): an answer waits
 * at most the grace time, so an agent who frees up later is no help to it. The expected abandoned share is the
 * largest expected shortfall over the instants, max_t E[(answers by t − available by t + grace)+], over all the
 * answers expected; the model takes the largest n that keeps it at or under the round's aim:
 *
 * <pre>
 *   aim = cap × aim-fraction × backoff,  backoff = clamp((cap − rate30d) / (cap × backoff-band), 0, 1)
 *
 *   rate30d ≤ cap × (1 − backoff-band) ──► full aim: over-dial as far as the measurements allow
 *   cap × (1 − band) < rate30d < cap    ──► the aim shrinks linearly toward 0
 *   rate30d ≥ cap, a cap of 0, fewer than min-samples attempts measured, no answer measured, or too few answers
 *   in 30 days for two more abandons within the cap
 *                                       ──► progressive: calls ringing ≤ free agents − answered waiting
 * </pre>
 *
 * and never more answers expected (new calls and ringing ones) than {@code max-ratio} per agent expected available
 * (a bound against a wild measurement). Immutable and thread-safe.
 */
public final class PredictivePacing {

  /**
   * The model's knobs ({@code campaigns.predictive.*} in switchboard-reference.conf).
   *
   * @param aimFraction share of the cap aimed at when the 30-day rate is well under it (0 to 1]: the margin that
   *     absorbs the model's error
   * @param backoffBand share of the cap, below it, over which the aim falls to 0 as the 30-day rate rises (0 to 1]
   * @param minSamples attempts measured before the answer rate is trusted; fewer: progressive
   * @param maxRatio most answers expected per agent expected available (≥ 1)
   * @param graceMs how long an answered contact may wait for an agent before it is abandoned (ms)
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
   * The campaign's recent attempts (ms): ring times of the answered ones (dial to answer), ring times of the
   * unanswered ones (dial to busy, rejection or the no-answer cancel), handle times of the connected ones (answer to
   * the end of the agent's wrap-up). Copied; the arrays are not shared.
   */
  public record History(long[] answerMs, long[] unansweredMs, long[] handleMs) {
    public static final History NONE = new History(new long[0], new long[0], new long[0]);

    public History {
      answerMs = answerMs.clone();
      unansweredMs = unansweredMs.clone();
      handleMs = handleMs.clone();
    }

    public int attempts() {
      return answerMs.length + unansweredMs.length;
    }

    /** Answered / attempts; 0 with none. */
    public double answerRate() {
      return attempts() == 0 ? 0 : (double) answerMs.length / attempts();
    }

    /** The {@code q} quantile (0 to 1) of the answered ones' ring times (ms); 0 with none. */
    public long answerQuantileMs(double q) {
      if (answerMs.length == 0) {
        return 0;
      }
      long[] sorted = answerMs.clone();
      java.util.Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
  }

  /**
   * What was measured, at one instant.
   *
   * @param freeAgents agents idle in the campaign's queue now
   * @param busyElapsedMs how long each busy agent of the queue has been on its call, wrap-up included (ms); empty
   *     when unknown (then no busy agent is counted on)
   * @param waitingAnswered answered contacts waiting for an agent now
   * @param ringingElapsedMs how long each of the campaign's calls ringing now has rung (ms)
   * @param abandonRate30d the campaign's abandoned / connected over the last 30 days, 0 to 1 (0 with none)
   * @param capPercent the campaign's abandon cap, percent of connected calls
   * @param answered30d the campaign's answered attempts (connected and abandoned) over the last 30 days
   */
  public record Measures(History history, int freeAgents, List<Long> busyElapsedMs, int waitingAnswered,
      List<Long> ringingElapsedMs, double abandonRate30d, double capPercent, long answered30d) {
    public Measures {
      busyElapsedMs = List.copyOf(busyElapsedMs);
      ringingElapsedMs = List.copyOf(ringingElapsedMs);
    }

    /** A campaign with answers enough that the early guard does not apply (no count at hand). */
    public Measures(History history, int freeAgents, List<Long> busyElapsedMs, int waitingAnswered,
        List<Long> ringingElapsedMs, double abandonRate30d, double capPercent) {
      this(history, freeAgents, busyElapsedMs, waitingAnswered, ringingElapsedMs, abandonRate30d, capPercent,
          Long.MAX_VALUE);
    }
  }

  /**
   * The round's decision.
   *
   * @param place new calls to place now (0 or more)
   * @param progressive whether the model fell back to one call per free agent
   * @param expectedAbandon the expected abandoned share of the coming answers (0 to 1) with {@code place} placed
   */
  public record Decision(int place, boolean progressive, double expectedAbandon) {}

  /**
   * The quantile of the answer times that, plus the grace time, bounds the busy agents counted on in the
   * {@code max-ratio} ceiling.
   */
  static final double HORIZON_QUANTILE = 0.9;

  /** Abandons the cap must still have room for before the model over-dials (see {@link #aim}). */
  static final int HEADROOM = 2;

  /** The instants the coming answers are weighed at, this far apart (ms). */
  static final long STEP_MS = 1_000;

  /** The most calls one decision places (keeps the sums small). */
  static final int MAX_PLACE = 1_000;

  private final Knobs knobs;

  public PredictivePacing(Knobs knobs) {
    this.knobs = knobs;
  }

  public Knobs knobs() {
    return knobs;
  }

  /** The round's decision from {@code m}. */
  public Decision decide(Measures m) {
    History h = m.history();
    int base = m.freeAgents() - m.waitingAnswered();
    double aim = aim(m);
    if (aim <= 0 || h.attempts() < knobs.minSamples() || h.answerMs().length == 0) {
      return new Decision(Math.max(0, base - m.ringingElapsedMs().size()), true, 0);
    }
    double p = h.answerRate();
    List<Double> ringing = m.ringingElapsedMs().stream().map(e -> answerChance(e, h)).toList();
    double ringingAnswers = ringing.stream().mapToDouble(Double::doubleValue).sum();
    double horizon = h.answerQuantileMs(HORIZON_QUANTILE) + knobs.graceMs();
    double available = base + m.busyElapsedMs().stream()
        .mapToDouble(e -> freeChance(e, h.handleMs(), horizon)).sum();
    int ceiling = (int) Math.min(MAX_PLACE,
        Math.max(0, Math.floor((Math.max(1, available) * knobs.maxRatio() - ringingAnswers) / p)));
    List<Step> steps = steps(m, h);
    int best = 0;
    double bestShare = share(0, p, base, steps, ringingAnswers);
    for (int n = 1; n <= ceiling; n++) {
      double s = share(n, p, base, steps, ringingAnswers);
      if (s > aim) {
        break; // the share grows with n
      }
      best = n;
      bestShare = s;
    }
    return new Decision(best, false, bestShare);
  }

  /**
   * One instant t of the coming seconds: the share of a new call's answers that have come by t (answer-time
   * distribution), and W = (answers of the calls ringing now by t) − (busy agents free by t + grace), as a
   * distribution offset by {@code shift}.
   */
  record Step(double answeredBy, double[] w, int shift) {}

  /** The instants STEP_MS apart up to the longest measured time to answer. */
  List<Step> steps(Measures m, History h) {
    long last = java.util.Arrays.stream(h.answerMs()).max().orElse(0);
    List<Step> out = new java.util.ArrayList<>();
    for (long t = STEP_MS; t < last + STEP_MS; t += STEP_MS) {
      long at = Math.min(t, last);
      List<Double> answers = m.ringingElapsedMs().stream().map(e -> answerChanceWithin(e, at, h)).toList();
      List<Double> freed = m.busyElapsedMs().stream()
          .map(e -> freeChance(e, h.handleMs(), at + knobs.graceMs())).toList();
      double[] a = distribution(answers);
      double[] f = distribution(freed);
      double[] w = new double[a.length + f.length - 1];
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < f.length; j++) {
          w[i + f.length - 1 - j] += a[i] * f[j];
        }
      }
      out.add(new Step(1 - longer(h.answerMs(), at), w, f.length - 1));
    }
    return out;
  }

  /**
   * The expected abandoned share of the answers when n calls are placed: the largest expected shortfall over the
   * instants, max over t of E[(X_t + W_t − shift − base)+], over all the answers expected (n·p + ringingAnswers).
   * X_t ~ Binomial(n, p·answeredBy(t)) the new calls' answers by t.
   */
  static double share(int n, double p, int base, List<Step> steps, double ringingAnswers) {
    double worst = 0;
    double expected = n * p + ringingAnswers;
    for (Step s : steps) {
      worst = Math.max(worst, shortfall(n, p * s.answeredBy(), base, s.w(), s.shift()));
    }
    return expected <= 0 ? 0 : worst / expected;
  }

  /**
   * The round's aimed abandoned share (0 to 1): 0 once the 30-day rate reaches the cap, and 0 while
   * {@link #HEADROOM} more abandons would take it over the cap (a campaign's first answers: one abandon among 30
   * is already over 3 %).
   */
  double aim(Measures m) {
    double cap = m.capPercent() / 100.0;
    if (cap <= 0) {
      return 0;
    }
    double answered = m.answered30d();
    if (answered < Long.MAX_VALUE && m.abandonRate30d() * answered + HEADROOM > cap * (answered + HEADROOM)) {
      return 0;
    }
    double backoff = Math.max(0, Math.min(1, (cap - m.abandonRate30d()) / (cap * knobs.backoffBand())));
    return cap * knobs.aimFraction() * backoff;
  }

  /**
   * E[(X + W − shift − base)+]: the answers expected to find no agent, X ~ Binomial(n, p) the new calls' answers,
   * W (offset by {@code shift}) the ringing calls' answers minus the busy agents freeing up.
   */
  static double shortfall(int n, double p, int base, double[] w, int shift) {
    double[] excess = excessByAvailable(n, p);
    double sum = 0;
    for (int k = 0; k < w.length; k++) {
      if (w[k] == 0) {
        continue;
      }
      int a = base - (k - shift); // agents left for the new calls' answers
      sum += w[k] * (a < 0 ? n * p - a : a >= excess.length ? 0 : excess[a]);
    }
    return sum;
  }

  /**
   * E[(X − a)+] / E[X] for X ~ Binomial(n, p): the expected share of the answers that find no agent when {@code a}
   * are available and nothing else rings. 0 when n ≤ a.
   */
  static double expectedAbandonShare(int n, double p, int a) {
    return n * p <= 0 ? 0 : shortfall(n, p, a, new double[] {1}, 0) / (n * p);
  }

  /** E[(X − a)+] for a = 0..n, X ~ Binomial(n, p): from the top down, E(a) = E(a + 1) + P(X > a). */
  static double[] excessByAvailable(int n, double p) {
    double[] out = new double[n + 1];
    if (n == 0 || p <= 0) {
      return out;
    }
    double[] pmf = new double[n + 1];
    if (p >= 1) {
      pmf[n] = 1;
    } else {
      double q = 1 - p;
      pmf[0] = Math.pow(q, n);
      if (pmf[0] == 0) { // underflow for large n: the normal approximation instead
        for (int a = 0; a <= n; a++) {
          out[a] = normalShare(n, p, a) * n * p;
        }
        return out;
      }
      for (int k = 0; k < n; k++) {
        pmf[k + 1] = pmf[k] * (n - k) / (k + 1) * p / q;
      }
    }
    double tail = 0; // P(X > a)
    for (int a = n - 1; a >= 0; a--) {
      tail += pmf[a + 1];
      out[a] = out[a + 1] + tail;
    }
    return out;
  }

  /** The normal approximation of {@link #expectedAbandonShare} (continuity-corrected). */
  static double normalShare(int n, double p, int a) {
    double mean = n * p;
    double sd = Math.sqrt(n * p * (1 - p));
    double z = (a + 0.5 - mean) / sd;
    double pdf = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    double tail = 0.5 * erfc(z / Math.sqrt(2));
    return Math.max(0, sd * pdf - (a + 0.5 - mean) * tail) / mean;
  }

  private static double erfc(double x) { // Numerical Recipes' erfc (fractional error < 1.2e-7)
    double t = 1 / (1 + 0.5 * Math.abs(x));
    double r = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851973 + t * (-0.82215223
        + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  /** The distribution of how many of independent events happen, each with its own chance (Poisson-binomial). */
  static double[] distribution(List<Double> chances) {
    double[] d = {1};
    for (double c : chances) {
      double[] next = new double[d.length + 1];
      for (int y = 0; y < d.length; y++) {
        next[y] += d[y] * (1 - c);
        next[y + 1] += d[y] * c;
      }
      d = next;
    }
    return d;
  }

  /**
   * The chance that a call still ringing after {@code elapsedMs} answers: p·S(e) / (p·S(e) + (1 − p)·U(e)), S and U
   * the shares of answered and unanswered attempts that rang longer than e. A call that rang longer than every
   * measured attempt: 0 (the node's no-answer cancel is near).
   */
  static double answerChance(long elapsedMs, History h) {
    return answerChanceWithin(elapsedMs, Long.MAX_VALUE / 2, h);
  }

  /**
   * The chance that a call still ringing after {@code elapsedMs} answers within the next {@code withinMs}:
   * p·(S(e) − S(e + t)) / (p·S(e) + (1 − p)·U(e)).
   */
  static double answerChanceWithin(long elapsedMs, long withinMs, History h) {
    double p = h.answerRate();
    double s = longer(h.answerMs(), elapsedMs);
    double u = longer(h.unansweredMs(), elapsedMs);
    double num = p * (s - longer(h.answerMs(), elapsedMs + withinMs));
    double den = p * s + (1 - p) * u;
    return den == 0 ? 0 : num / den;
  }

  private static double longer(long[] samples, long elapsedMs) {
    if (samples.length == 0) {
      return 0;
    }
    int n = 0;
    for (long x : samples) {
      if (x > elapsedMs) {
        n++;
      }
    }
    return (double) n / samples.length;
  }

  /**
   * The chance that a busy agent is free within {@code horizonMs}, from the handle times measured: among the
   * measured calls that lasted longer than the agent's call so far, the share that ended within the horizon. None
   * measured, or none that long: 0 (not counted on).
   *
   * @param elapsedMs how long the agent has been on its current call, wrap-up included (ms)
   * @param handleMs recent handle times (talk and wrap-up, ms)
   */
  public static double freeChance(long elapsedMs, long[] handleMs, double horizonMs) {
    int longer = 0;
    int ending = 0;
    for (long h : handleMs) {
      if (h > elapsedMs) {
        longer++;
        if (h <= elapsedMs + horizonMs) {
          ending++;
        }
      }
    }
    return longer == 0 ? 0 : (double) ending / longer;
  }
}
