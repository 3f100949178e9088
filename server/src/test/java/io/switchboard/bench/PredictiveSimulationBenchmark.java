package io.switchboard.bench;

import io.switchboard.campaigns.CallingHours;
import io.switchboard.campaigns.PredictivePacing;
import io.switchboard.campaigns.RetryRules;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The predictive pacing model ({@link PredictivePacing}) driving a simulated campaign: 20 agents, 10,000 contacts,
 * called paced every second as the live pacer does, with the real {@link RetryRules} (defaults) and
 * {@link CallingHours} (08:00–21:00) on a simulated clock moved from event to event, so hours of dialing take seconds.
 *
 * <p>Run: {@code java -cp ... io.switchboard.bench.PredictiveSimulationBenchmark [seed agents contacts answer%]}
 * (defaults 1 20 10000 30; docs/benchmarks.md, "Predictive pacing").
 *
 * <p>Callees: {@code answer%} answer after 2–10 s (uniform); of the rest half are busy after 1–3 s and half never
 * answer (cancelled after 45 s, dial.no-answer-seconds). Talk is uniform 30–150 s (-Dtalk=min,max seconds for others), wrap-up 5 s. An answered contact
 * takes the longest-idle free agent at once; with none it waits up to 2 s for one to free up, else it is abandoned
 * (hears the message and is hung up). 5 % of the contacts are on the do-not-call list, and the contacts are spread
 * over four zones (New York, London, Los Angeles, Tokyo), so some are outside calling hours at the start (the
 * simulation starts 2026-12-07 15:00 UTC). The model measures: the answer rate, time to answer and handle times of
 * the last 300 attempts, how long each busy agent has been on its call, the campaign's abandon rate so far (the simulation is shorter than 30
 * days), free agents, agents about to free up and answered contacts waiting.
 *
 * <p>Reported: abandon rate (abandoned / connected) against the 3 % cap, agents' idle time between calls (median,
 * p90; idle times during which a round found no contact due — all waiting for calling hours or a retry delay, or the
 * list exhausted — are counted apart: no pacing fills them), contacts dialed outside calling hours or on the do-not-call list (must be 0), attempts, and the pacing curve
 * (calls ringing, agents busy, contacts waiting, every 10 simulated minutes; the whole curve, one row a minute, in
 * {@code server/target/predictive-pacing-curve-<seed>.csv}).
 */
public final class PredictiveSimulationBenchmark {
  static final Instant START = Instant.parse("2026-12-07T15:00:00Z");
  static final ZoneId[] ZONES = {ZoneId.of("America/New_York"), ZoneId.of("Europe/London"),
      ZoneId.of("America/Los_Angeles"), ZoneId.of("Asia/Tokyo")};
  static final long GRACE_MS = 2_000;
  static final long NO_ANSWER_MS = 45_000;
  static final long WRAP_MS = 5_000;
  /** Talk times, uniform between these (ms); -Dtalk=min,max in seconds to try others. */
  static final long TALK_MIN_MS = Long.parseLong(System.getProperty("talk", "30,150").split(",")[0]) * 1000;
  static final long TALK_MAX_MS = Long.parseLong(System.getProperty("talk", "30,150").split(",")[1]) * 1000;
  static final double CAP_PERCENT = Double.parseDouble(System.getProperty("cap", "3.0"));
  static final int WINDOW = 300;

  private enum Kind { ROUND, ANSWER, FAIL, GRACE_END, AGENT_FREE }

  private record Event(long at, long seq, Kind kind, Call call, Agent agent) {}

  private static final class Contact {
    final int id;
    final ZoneId zone;
    final boolean doNotCall;
    int attempts;
    long dueAt;
    boolean done;

    Contact(int id, ZoneId zone, boolean doNotCall) {
      this.id = id;
      this.zone = zone;
      this.doNotCall = doNotCall;
    }
  }

  private static final class Call {
    final Contact contact;
    final long placedAt;
    long answeredAt = -1;
    boolean waiting;
    boolean over;

    Call(Contact contact, long placedAt) {
      this.contact = contact;
      this.placedAt = placedAt;
    }
  }

  private static final class Agent {
    long idleSince;
    /** During the current idle time, a round had no due contact to place. */
    boolean starved;
    long busySince = -1;
  }

  /** One ended attempt, for the rolling measurements. */
  private record Sample(boolean answered, long ringMs, long handleMs) {}

  private final Random random;
  private final int answerPercent;
  private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at != b.at
      ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final List<Contact> contacts = new ArrayList<>();
  private final Deque<Agent> idle = new ArrayDeque<>();
  private final List<Agent> agents = new ArrayList<>();
  private final Deque<Call> waiting = new ArrayDeque<>();
  private final java.util.Set<Call> ringingCalls = new java.util.LinkedHashSet<>();
  private final Deque<Sample> samples = new ArrayDeque<>();
  private final List<Long> idleGaps = new ArrayList<>();
  /** Idle times during which the campaign had no contact due (calling hours, retry delays, the end). */
  private final List<Long> starvedGaps = new ArrayList<>();
  /** The reference configuration's knobs (campaigns.predictive.*); -Daim=, -Dband= to explore others. */
  private final PredictivePacing pacing = new PredictivePacing(new PredictivePacing.Knobs(
      Double.parseDouble(System.getProperty("aim", "0.5")), Double.parseDouble(System.getProperty("band", "0.3")), 50,
      4.0, GRACE_MS));
  private final RetryRules rules = RetryRules.DEFAULT;
  private final CallingHours hours = CallingHours.DEFAULT;
  private final StringBuilder curve = new StringBuilder("minute,ringing,busyAgents,waitingAnswered,abandonRate\n");
  private final List<String> curveRows = new ArrayList<>();
  private long seq;
  private long now;
  private int ringing;
  private long dialed;
  private long connected;
  private long abandoned;
  private long violations;
  private long progressiveRounds;
  private long rounds;
  private long ringingSum;

  PredictiveSimulationBenchmark(long seed, int agentCount, int contactCount, int answerPercent) {
    this.random = new Random(seed);
    this.answerPercent = answerPercent;
    for (int i = 0; i < contactCount; i++) {
      contacts.add(new Contact(i, ZONES[i % ZONES.length], random.nextInt(100) < 5));
    }
    for (int i = 0; i < agentCount; i++) {
      Agent a = new Agent();
      agents.add(a);
      idle.add(a);
    }
  }

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    int agentCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int contactCount = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int answer = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    long wall = System.nanoTime();
    PredictiveSimulationBenchmark sim = new PredictiveSimulationBenchmark(seed, agentCount, contactCount, answer);
    sim.run();
    sim.report(seed, agentCount, contactCount, (System.nanoTime() - wall) / 1_000_000);
  }

  void run() {
    schedule(0, Kind.ROUND, null, null);
    long limit = 7L * 86_400_000;
    while (!events.isEmpty()) {
      Event e = events.poll();
      now = e.at;
      if (now > limit) {
        break;
      }
      switch (e.kind) {
        case ROUND -> {
          if (round()) {
            schedule(now + 1000, Kind.ROUND, null, null);
          }
        }
        case ANSWER -> answered(e.call);
        case FAIL -> failed(e.call, e.call.placedAt + NO_ANSWER_MS == now ? "no-answer" : "busy");
        case GRACE_END -> graceOver(e.call);
        case AGENT_FREE -> agentFree(e.agent);
        default -> throw new IllegalStateException();
      }
    }
  }

  /** One pacer round; false once every contact is done and nothing is in flight. */
  private boolean round() {
    if (now % 60_000 == 0) {
      sampleCurve();
    }
    double rate = connected == 0 ? 0 : (double) abandoned / connected; // the whole run: shorter than 30 days
    PredictivePacing.History history = new PredictivePacing.History(
        samples.stream().filter(Sample::answered).mapToLong(Sample::ringMs).toArray(),
        samples.stream().filter(x -> !x.answered).mapToLong(Sample::ringMs).toArray(),
        samples.stream().filter(x -> x.handleMs >= 0).mapToLong(Sample::handleMs).toArray());
    PredictivePacing.Decision d = pacing.decide(new PredictivePacing.Measures(history, idle.size(), busyElapsed(),
        waiting.size(), ringingCalls.stream().map(c -> now - c.placedAt).toList(), rate, CAP_PERCENT, connected));
    rounds++;
    ringingSum += ringing;
    progressiveRounds += d.progressive() ? 1 : 0;
    int placed = 0;
    boolean pending = false;
    for (Contact c : contacts) { // by due time: a list this small is scanned whole
      if (c.done || c.dueAt > now) {
        pending |= !c.done;
        continue;
      }
      if (placed >= d.place()) {
        pending = true;
        break;
      }
      if (c.doNotCall) {
        c.done = true; // never dialed
        continue;
      }
      if (!hours.open(Instant.ofEpochMilli(START.toEpochMilli() + now), c.zone)) {
        c.dueAt = hours.nextOpening(Instant.ofEpochMilli(START.toEpochMilli() + now), c.zone).toEpochMilli()
            - START.toEpochMilli();
        pending = true;
        continue;
      }
      place(c);
      placed++;
    }
    if (placed < d.place() || d.place() == 0 && idle.size() > 0 && !anyDue()) {
      idle.forEach(a -> a.starved = true); // no contact to call: this idle time is not the pacing's
    }
    return pending || ringing > 0 || !waiting.isEmpty();
  }

  private boolean anyDue() {
    for (Contact c : contacts) {
      if (!c.done && c.dueAt <= now) {
        return true;
      }
    }
    return false;
  }

  private void place(Contact c) {
    Instant at = Instant.ofEpochMilli(START.toEpochMilli() + now);
    if (c.doNotCall || !hours.open(at, c.zone)) {
      violations++;
    }
    c.attempts++;
    c.dueAt = Long.MAX_VALUE; // in flight
    dialed++;
    ringing++;
    Call call = new Call(c, now);
    ringingCalls.add(call);
    int r = random.nextInt(100);
    if (r < answerPercent) {
      schedule(now + 2000 + random.nextInt(8001), Kind.ANSWER, call, null);
    } else if (r < answerPercent + (100 - answerPercent) / 2) {
      schedule(now + 1000 + random.nextInt(2001), Kind.FAIL, call, null);
    } else {
      schedule(now + NO_ANSWER_MS, Kind.FAIL, call, null);
    }
  }

  private void answered(Call call) {
    ringing--;
    ringingCalls.remove(call);
    call.answeredAt = now;
    connected++;
    Agent a = idle.pollFirst();
    if (a != null) {
      connect(call, a);
      return;
    }
    call.waiting = true;
    waiting.addLast(call);
    schedule(now + GRACE_MS, Kind.GRACE_END, call, null);
  }

  private void connect(Call call, Agent a) {
    (a.starved ? starvedGaps : idleGaps).add(now - a.idleSince);
    a.starved = false;
    a.busySince = now;
    call.waiting = false;
    long handle = TALK_MIN_MS + random.nextInt((int) (TALK_MAX_MS - TALK_MIN_MS) + 1) + WRAP_MS;
    schedule(now + handle, Kind.AGENT_FREE, call, a);
    sample(new Sample(true, call.answeredAt - call.placedAt, handle));
    settle(call.contact, "answered");
  }

  private void graceOver(Call call) {
    if (!call.waiting) {
      return;
    }
    waiting.remove(call);
    call.waiting = false;
    abandoned++;
    sample(new Sample(true, call.answeredAt - call.placedAt, -1));
    settle(call.contact, "abandoned");
  }

  private void failed(Call call, String outcome) {
    ringing--;
    ringingCalls.remove(call);
    sample(new Sample(false, now - call.placedAt, -1));
    settle(call.contact, outcome);
  }

  private void agentFree(Agent a) {
    a.busySince = -1;
    a.idleSince = now;
    Call next = waiting.pollFirst();
    if (next != null) {
      connect(next, a);
    } else {
      idle.addLast(a);
    }
  }

  private void settle(Contact c, String outcome) {
    RetryRules.Decision d = rules.decide(outcome, c.attempts, Instant.ofEpochMilli(START.toEpochMilli() + now));
    c.done = d.done();
    c.dueAt = d.done() ? Long.MAX_VALUE : d.nextAttemptAt().toEpochMilli() - START.toEpochMilli();
  }

  private void sample(Sample s) {
    samples.addLast(s);
    if (samples.size() > WINDOW) {
      samples.removeFirst();
    }
  }

  private List<Long> busyElapsed() {
    List<Long> out = new ArrayList<>();
    for (Agent a : agents) {
      if (a.busySince >= 0) {
        out.add(now - a.busySince);
      }
    }
    return out;
  }

  private void sampleCurve() {
    long minute = now / 60_000;
    int busy = agents.size() - idle.size();
    double rate = connected == 0 ? 0 : 100.0 * abandoned / connected;
    String row = minute + "," + ringing + "," + busy + "," + waiting.size() + "," + String.format("%.2f", rate);
    curve.append(row).append('\n');
    if (minute % 10 == 0) {
      curveRows.add(row);
    }
  }

  private void schedule(long at, Kind kind, Call call, Agent agent) {
    events.add(new Event(at, seq++, kind, call, agent));
  }

  private void report(long seed, int agentCount, int contactCount, long wallMs) {
    List<Long> gaps = new ArrayList<>(idleGaps);
    gaps.sort(null);
    long median = gaps.isEmpty() ? 0 : gaps.get(gaps.size() / 2);
    long p90 = gaps.isEmpty() ? 0 : gaps.get((int) (gaps.size() * 0.9));
    long done = contacts.stream().filter(c -> c.done).count();
    long dnc = contacts.stream().filter(c -> c.doNotCall).count();
    System.out.printf("seed %d: %d agents, %d contacts (%d on the do-not-call list), answer %d %%, talk %d-%d s, "
        + "simulated %.1f h in %d ms%n", seed, agentCount, contactCount, dnc, answerPercent, TALK_MIN_MS / 1000,
        TALK_MAX_MS / 1000, now / 3_600_000.0, wallMs);
    System.out.printf("attempts %d, connected %d, abandoned %d: abandon rate %.2f %% (cap %.1f %%)%n", dialed,
        connected, abandoned, connected == 0 ? 0 : 100.0 * abandoned / connected, CAP_PERCENT);
    System.out.printf("agent idle between calls while contacts were due: median %.1f s, p90 %.1f s over %d "
        + "connections (%d more after idle times with no contact due)%n", median / 1000.0, p90 / 1000.0, gaps.size(),
        starvedGaps.size());
    System.out.printf("dialed outside calling hours or on the do-not-call list: %d; contacts done %d; "
        + "mean calls ringing %.1f; progressive rounds %.1f %%%n", violations, done,
        (double) ringingSum / Math.max(1, rounds), 100.0 * progressiveRounds / Math.max(1, rounds));
    System.out.println("pacing curve (minute, ringing, busy agents, answered waiting, abandon rate % so far):");
    curveRows.forEach(r -> System.out.println("  " + r));
    try {
      java.nio.file.Path out = java.nio.file.Path.of("server/target/predictive-pacing-curve-" + seed + ".csv");
      if (java.nio.file.Files.isDirectory(out.getParent())) {
        java.nio.file.Files.writeString(out, curve);
        System.out.println("whole curve: " + out);
      }
    } catch (java.io.IOException e) {
      System.out.println("curve not written: " + e);
    }
  }
}
