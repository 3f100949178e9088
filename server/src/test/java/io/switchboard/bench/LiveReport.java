package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one {@link PredictiveLiveBenchmark} run, from what the node, the peer and the agents saw: the
 * campaign's counts (the node's progress and campaigns report), the INVITEs the peer received (by number and
 * outcome), the agents' idle times between calls, and the pacing curve, one row a minute: INVITEs and answers in the
 * minute, calls ringing and agents free at its end (and free on average over its samples), the campaign's counts and
 * 30-day abandon rate then.
 */
final class LiveReport {
  private final PredictiveLiveBenchmark.Settings s;
  private final long startedAt;
  private final List<PredictiveLiveBenchmark.Sample> samples;
  private final List<PredictivePeers.Call> calls;
  private final PredictiveLiveBenchmark.Contacts contacts;
  private final PacingAgents agents;
  private final JsonObject row;

  LiveReport(PredictiveLiveBenchmark.Settings s, long startedAt, List<PredictiveLiveBenchmark.Sample> samples,
      List<PredictivePeers.Call> calls, PredictiveLiveBenchmark.Contacts contacts, PacingAgents agents,
      JsonObject row) {
    this.s = s;
    this.startedAt = startedAt;
    this.samples = samples;
    this.calls = calls;
    this.contacts = contacts;
    this.agents = agents;
    this.row = row;
  }

  void print(String loadBefore, String loadAtEnd) {
    JsonObject last = samples.get(samples.size() - 1).progress();
    long ranMs = samples.get(samples.size() - 1).at() - startedAt;
    System.out.println();
    System.out.printf("Predictive campaign, live: %d agents, %d contacts, %d %% answering, talk x%.2f, ring x%.2f, "
        + "cap %.1f %%; started %s, ran %.1f min; load average %s before, %s at the end%n", s.agents(),
        s.contacts(), s.answerPercent(), s.talkScale(), s.ringScale(), s.cap(), Instant.ofEpochMilli(startedAt),
        ranMs / 60_000.0, loadBefore, loadAtEnd);
    Map<Integer, Integer> byStatus = new TreeMap<>();
    int dnc = 0;
    int closed = 0;
    for (PredictivePeers.Call c : calls) {
      byStatus.merge(c.finalStatus(), 1, Integer::sum);
      dnc += contacts.doNotCall().contains(c.number()) ? 1 : 0;
      closed += contacts.closed().contains(c.number()) ? 1 : 0;
    }
    System.out.printf("peer: %d INVITEs received; final responses %s (0: none)%n", calls.size(), byStatus);
    System.out.printf("dialed on the do-not-call list: %d; dialed in the closed zone (%s): %d%n", dnc,
        contacts.closedZone(), closed);
    System.out.println("node, progress at the end: " + last.encode());
    System.out.println("node, campaigns report: " + row.encode());
    long answered = row.getLong("connected", 0L) + row.getLong("abandoned", 0L);
    double rate = answered == 0 ? 0 : 100.0 * row.getLong("abandoned", 0L) / answered;
    double worst = samples.stream().filter(x -> x.progress().getLong("connected", 0L) >= 30)
        .mapToDouble(x -> 100 * x.progress().getDouble("abandonRate", 0.0)).max().orElse(0);
    System.out.printf("abandoned %d of %d answered = %.2f %% (cap %.1f %%: %s); worst running rate once 30 were "
        + "connected %.2f %%%n", row.getLong("abandoned", 0L), answered, rate, s.cap(),
        rate <= s.cap() ? "met" : "NOT met", worst);
    long paced = pacedFrom();
    System.out.printf("the pacer may dial ahead from %s (65 answers: below that it paces 1:1, docs/campaigns.md)%n",
        paced == Long.MAX_VALUE ? "never" : String.format("minute %.1f", (paced - startedAt) / 60_000.0));
    idle("agents idle between calls, whole run", 0);
    idle("agents idle between calls, from then on", paced);
    System.out.printf("offers %d, wrap-ups %d; agent errors %s%n", agents.offered.get(), agents.wrappedUp.get(),
        agents.errors.isEmpty() ? "none" : agents.errors);
    System.out.println();
    System.out.println("| minute | INVITEs | answered | ringing at end | agents free at end / mean | connected "
        + "| abandoned | 30-day rate |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String[] r : curve()) {
      System.out.printf("| %s | %s | %s | %s | %s / %s | %s | %s | %s %% |%n", (Object[]) r);
    }
  }

  /** When the campaign had 65 answered attempts (epoch ms of the first sample with them; MAX_VALUE: never). */
  private long pacedFrom() {
    return samples.stream().filter(x -> x.progress().getLong("connected", 0L)
        + x.progress().getLong("abandoned", 0L) >= 65).mapToLong(PredictiveLiveBenchmark.Sample::at).findFirst()
        .orElse(Long.MAX_VALUE);
  }

  /** Median, p90 and mean of the idle spans that began at or after {@code from} (epoch ms). */
  private void idle(String what, long from) {
    long[] idle = agents.idleBetweenCalls.stream().filter(x -> x[0] >= from).mapToLong(x -> x[1]).sorted()
        .toArray();
    System.out.printf("%s: median %.1f s, p90 %.1f s, mean %.1f s (%d spans; target median < 5 s: %s)%n", what,
        pct(idle, 50) / 1e9, pct(idle, 90) / 1e9,
        java.util.Arrays.stream(idle).average().orElse(Double.NaN) / 1e9, idle.length,
        idle.length > 0 && pct(idle, 50) < 5e9 ? "met" : "NOT met");
  }

  /** One row a minute, as strings: minute, invites, answered, ringing, free at end, free mean, counts, rate. */
  private List<String[]> curve() {
    List<String[]> out = new ArrayList<>();
    long end = samples.get(samples.size() - 1).at();
    for (int m = 1; startedAt + (m - 1) * 60_000L < end; m++) {
      long to = Math.min(end, startedAt + m * 60_000L);
      long from = startedAt + (m - 1) * 60_000L;
      long invites = calls.stream().filter(c -> c.invitedAt() > from && c.invitedAt() <= to).count();
      long answeredIn = calls.stream().filter(c -> c.finalStatus() == 200 && c.finalAt() > from
          && c.finalAt() <= to).count();
      long ringing = calls.stream().filter(c -> c.ringingAt(to)).count();
      PredictiveLiveBenchmark.Sample at = nearest(to);
      double meanFree = samples.stream().filter(x -> x.at() > from && x.at() <= to)
          .mapToInt(PredictiveLiveBenchmark.Sample::free).average().orElse(at.free());
      JsonObject p = at.progress();
      out.add(new String[] {String.valueOf(m), String.valueOf(invites), String.valueOf(answeredIn),
          String.valueOf(ringing), String.valueOf(at.free()), String.format("%.1f", meanFree),
          String.valueOf(p.getLong("connected", 0L)), String.valueOf(p.getLong("abandoned", 0L)),
          String.format("%.2f", 100 * p.getDouble("abandonRate", 0.0))});
    }
    return out;
  }

  private PredictiveLiveBenchmark.Sample nearest(long t) {
    PredictiveLiveBenchmark.Sample best = samples.get(0);
    for (PredictiveLiveBenchmark.Sample x : samples) {
      if (Math.abs(x.at() - t) < Math.abs(best.at() - t)) {
        best = x;
      }
    }
    return best;
  }

  void writeCurve(Path file) throws IOException {
    StringBuilder b = new StringBuilder("minute,invites,answered,ringing,free_at_end,free_mean,connected,abandoned,"
        + "rate_percent\n");
    for (String[] r : curve()) {
      b.append(String.join(",", r)).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, b.toString());
    System.out.println("curve written to " + file);
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
  }
}
