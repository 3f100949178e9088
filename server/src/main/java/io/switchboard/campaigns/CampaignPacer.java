package io.switchboard.campaigns;

import io.switchboard.acd.AcdException;
import io.switchboard.acd.CampaignCalls;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds running campaigns' contacts to the ACD and follows their calls (docs/campaigns.md). Every round, for each
 * campaign that is running or still has calls in flight, and whose {@link PacerLease} this node holds:
 *
 * <pre>
 *   0. running: the contacts added to its lists since the last round are taken in (CampaignStore.takeIn)
 *   1. its calls in flight (store) ─► where the ACD has them (one read: CampaignCalls.view)
 *        ended      ─► the outcome by the retry rules: done, or due again after the rule's delay (an answered call
 *                      once its agent's wrap-up is over: at the call-back time the agent picked, else by its
 *                      disposition's rule if it has one);
 *                      trunk-failure ─► PAUSED trunk-down
 *        waiting    ─► counted; withdrawn when the campaign is not running (the attempt is not counted)
 *        unknown    ─► never placed (this or another node died in between): due again, not counted
 *        skipped    ─► a preview the agent skipped: due again after the campaign's skip delay, not counted
 *   2. running: progressive, preview ─► place (idle agents of its queue − its calls waiting) due contacts, by
 *        priority (a preview's call carries the contact's name, attributes and previous attempts);
 *      predictive ─► place as many as PredictivePacing decides (its calls ringing, answered ones waiting, busy
 *        agents' time on their calls, the attempts its dialer measured — read from the store when this node takes
 *        the lease —, the 30-day answered and abandoned counts and cap); same checks, each dialed at once by the
 *        node's PredictiveDialer with no agent (the ACD holds it as dialing until the contact answers):
 *        no number any more ─► done (gone); on the tenant's or the campaign's do-not-call list now ─► done
 *        (do-not-call), never dialed; outside calling hours in its zone ─► put off until they open; else
 *        claimed in the store (one more attempt), then a virtual call in the queue (CampaignCalls.place)
 *   3. running and every contact done ─► COMPLETED
 *   every decision not to dial (a skipped preview, do-not-call, outside calling hours, gone, max attempts, a number
 *   the dial planner refused) ─► CampaignStore.notDialed, with its reason: the campaigns report's counts
 * </pre>
 *
 * <p>Threading: rounds run one at a time on {@code scheduler} (its own thread: blocking JDBC and waits on the ACD's
 * futures are fine there). Time comes from {@code clock} (calling hours, retry spacing).
 */
public final class CampaignPacer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignPacer.class);
  /** Not-dialed reasons the pacer itself decides (docs/reports.md, "Campaigns"). */
  static final String OUTSIDE_CALLING_HOURS = "outside-calling-hours";
  static final String MAX_ATTEMPTS = "max-attempts";
  /** A round reads at most this many due contacts per free agent (the rest of a batch may be out of hours). */
  private static final int DUE_PER_AGENT = 4;
  /** Attempts of a predictive campaign read from the store when this node takes its lease (or starts). */
  static final int HISTORY_LOADED = AttemptHistory.KEPT;
  /** How often the handle times (talk and wrap-up) of a predictive campaign are read again from the store. */
  static final java.time.Duration HANDLE_TIMES_REFRESH = java.time.Duration.ofSeconds(60);

  /**
   * @param intervalMs time between the end of one round and the start of the next
   * @param acdTimeoutMs how long a round waits for one ACD answer
   */
  public record Options(long intervalMs, long acdTimeoutMs) {}

  private final CampaignStore store;
  private final CampaignCalls acd;
  private final PacerLease lease;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Options options;
  private final SecureRandom random = new SecureRandom();
  private ScheduledFuture<?> rounds;
  private volatile PredictiveDialer dialer;
  private volatile PredictivePacing pacing;
  private volatile double defaultCapPercent;
  private volatile long noAnswerMs;
  /** Predictive campaigns whose history this node loaded from the store while it held their lease, and when. */
  private final Map<String, Instant> historyRead = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile int previewTimeoutSeconds = 120;

  public CampaignPacer(CampaignStore store, CampaignCalls acd, PacerLease lease, Clock clock,
      ScheduledExecutorService scheduler, Options options) {
    this.store = store;
    this.acd = acd;
    this.lease = lease;
    this.clock = clock;
    this.scheduler = scheduler;
    this.options = options;
  }

  /**
   * Predictive campaigns are paced by {@code model} and dialed by {@code dialer} from now on (without: they are paced
   * 1:1 and placed in the queue like progressive ones). Set before {@link #start}.
   *
   * @param capPercent the abandon cap of campaigns that have none of their own (campaigns.predictive.abandon-cap-percent)
   * @param noAnswerMs how long an unanswered call rings before the node cancels it (dial.no-answer-seconds): the ring
   *     time of a no-answer read back from the store
   */
  public CampaignPacer predictive(PredictiveDialer dialer, PredictivePacing model, double capPercent,
      long noAnswerMs) {
    this.dialer = dialer;
    this.pacing = model;
    this.defaultCapPercent = capPercent;
    this.noAnswerMs = noAnswerMs;
    return this;
  }

  /**
   * Preview campaigns' agents have {@code seconds} to decide when their campaign sets no timeout of its own
   * (campaigns.preview.timeout-seconds). Set before {@link #start}.
   */
  public CampaignPacer previewTimeout(int seconds) {
    this.previewTimeoutSeconds = seconds;
    return this;
  }

  /** Starts the rounds. */
  public synchronized CampaignPacer start() {
    if (rounds == null) {
      rounds = scheduler.scheduleWithFixedDelay(this::roundLogged, 0, options.intervalMs(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Stops the rounds (a round under way finishes); the scheduler is the caller's. */
  @Override
  public synchronized void close() {
    if (rounds != null) {
      rounds.cancel(false);
      rounds = null;
    }
  }

  private void roundLogged() {
    try {
      round();
    } catch (Exception e) {
      LOG.warn("campaign.round-failed error={}", e.toString());
    }
  }

  /** One round over every active campaign (see the class comment); blocking. */
  public void round() throws Exception {
    for (Campaign c : store.active()) {
      if (!lease.hold(c.tenant(), c.id())) {
        historyRead.remove(c.tenant() + "/" + c.id()); // taken back from the store when this node gets it again
        continue;
      }
      try {
        pace(c);
      } catch (Exception e) {
        LOG.warn("campaign.pace-failed tenant={} campaign={} error={}", c.tenant(), c.id(), e.toString());
      }
    }
  }

  private void pace(Campaign c) throws Exception {
    String tenant = c.tenant();
    Instant now = clock.instant();
    List<CampaignStore.InFlight> flying = store.inFlight(tenant, c.id());
    CampaignCalls.View view = await(acd.view(tenant, c.fields().queue(),
        flying.stream().map(CampaignStore.InFlight::callId).toList()));
    Map<String, CampaignCalls.CallView> byId = view.calls().stream()
        .collect(Collectors.toMap(CampaignCalls.CallView::callId, Function.identity(), (a, b) -> a));
    boolean running = c.status() == CampaignStatus.RUNNING;
    boolean predictive = predictive(c);
    boolean dialing = running && c.fields().schedule().open(now, zone(null, c.fields().timeZone()));
    int waiting = 0;
    boolean trunkDown = false;
    for (CampaignStore.InFlight f : flying) {
      CampaignCalls.CallView v = byId.get(f.callId());
      String state = v == null ? "unknown" : v.state();
      switch (state) {
        case "waiting" -> {
          // paused, or outside its schedule; an answered predictive contact is on the line: its grace time ends it
          if (!dialing && !predictive && await(acd.withdraw(tenant, f.callId()))) {
            store.settle(tenant, c.id(), f.contact(), f.callId(), null, null, false, null, false);
          } else {
            waiting++;
          }
        }
        case "ringing", "reserved", "connected" -> { }
        case "ended" -> trunkDown |= ended(c, f, v, now);
        default -> // the ACD never had it: placing it failed half-way
            store.settle(tenant, c.id(), f.contact(), f.callId(), null, null, false, null, false);
      }
    }
    if (!running) {
      return;
    }
    if (trunkDown) {
      store.transition(tenant, c.id(), Set.of(CampaignStatus.RUNNING), CampaignStatus.PAUSED, "trunk-down");
      LOG.warn("campaign.paused tenant={} campaign={} reason=trunk-down", tenant, c.id());
      return;
    }
    if (c.fields().schedule().ended(now)) {
      store.transition(tenant, c.id(), Set.of(CampaignStatus.RUNNING), CampaignStatus.STOPPED, "schedule-ended");
      LOG.info("campaign.stopped tenant={} campaign={} reason=schedule-ended", tenant, c.id());
      return;
    }
    store.takeIn(tenant, c.id()); // contacts added to its lists since the last round
    int placed = 0;
    if (dialing) {
      int free = predictive ? predictivePlace(c, view, waiting, now)
          : view.idleAgents() - waiting;
      placed = feed(c, free, predictive, now);
    }
    if (placed == 0 && flying.isEmpty() && store.remaining(tenant, c.id()) == 0) {
      store.transition(tenant, c.id(), Set.of(CampaignStatus.RUNNING), CampaignStatus.COMPLETED, null);
      LOG.info("campaign.completed tenant={} campaign={}", tenant, c.id());
    }
  }

  /** Settles an ended call; returns whether its trunk failed. An answered call waits for its agent's wrap-up. */
  private boolean ended(Campaign c, CampaignStore.InFlight f, CampaignCalls.CallView v, Instant now) throws Exception {
    if ("withdrawn".equals(v.outcome())) {
      store.settle(c.tenant(), c.id(), f.contact(), f.callId(), null, null, false, null, false);
      return false;
    }
    if ("skipped".equals(v.outcome())) { // a preview the agent skipped (or let run out): nothing dialed, not counted
      store.settle(c.tenant(), c.id(), f.contact(), f.callId(), "skipped", null, false,
          now.plusSeconds(c.fields().preview().skipDelaySeconds()), false);
      skipped(c, f.contact(), v.skipReason());
      return false;
    }
    if (v.answered() && !v.wrapped()) {
      return false; // the disposition comes with the end of the wrap-up
    }
    String outcome = v.answered() ? "answered" : v.outcome() == null ? "failed" : v.outcome();
    boolean callBack = v.answered() && v.callbackAtMs() != null;
    RetryRules retry = c.fields().retry();
    RetryRules.Decision d = callBack ? retry.callBack(f.attempts(), Instant.ofEpochMilli(v.callbackAtMs()))
        : retry.decide(outcome, v.disposition(), f.attempts(), now);
    store.settle(c.tenant(), c.id(), f.contact(), f.callId(), outcome, v.disposition(), d.done(), d.nextAttemptAt(),
        true);
    if (v.refused() != null) {
      store.notDialed(c.tenant(), c.id(), f.contact(), CampaignStore.REFUSED, v.refused(), f.callId());
    } else if (d.done() && retry.exhausted(outcome, v.disposition(), f.attempts(), callBack)) {
      store.notDialed(c.tenant(), c.id(), f.contact(), CampaignStore.NOT_DIALED, MAX_ATTEMPTS, null);
    }
    return "trunk-failure".equals(outcome);
  }

  /**
   * Keeps why a preview was skipped: the agent's reason ({@code none} without one) or {@code timeout}; skipped
   * because its calling hours had closed when the agent called it, it was not dialed for that reason.
   */
  private void skipped(Campaign c, String contact, String reason) throws Exception {
    if ("calling-hours".equals(reason)) {
      store.notDialed(c.tenant(), c.id(), contact, CampaignStore.NOT_DIALED, OUTSIDE_CALLING_HOURS, null);
    } else {
      store.notDialed(c.tenant(), c.id(), contact, CampaignStore.SKIPPED,
          reason == null || reason.isEmpty() ? "none" : reason, null);
    }
  }

  private boolean predictive(Campaign c) {
    return "predictive".equals(c.fields().mode()) && dialer != null;
  }

  private static int ringing(CampaignCalls.View view) {
    return (int) view.calls().stream().filter(v -> "ringing".equals(v.state())).count();
  }

  /**
   * How many calls the model says to place now for a predictive campaign. Calls the ACD has ringing that this node's
   * dialer does not know (dialed by the lease's previous holder) count as just placed.
   */
  private int predictivePlace(Campaign c, CampaignCalls.View view, int waiting, Instant now) throws Exception {
    String tenant = c.tenant();
    readHistory(c, now);
    List<Long> rung = new java.util.ArrayList<>(dialer.ringingMs(tenant, c.id()));
    while (rung.size() < ringing(view)) {
      rung.add(0L);
    }
    double cap = c.fields().abandonCapPercent() != null ? c.fields().abandonCapPercent() : defaultCapPercent;
    CampaignStore.Answers answers = store.answers30d(tenant, c.id(), now);
    int idle = view.idleAgents();
    PredictivePacing.Decision d = pacing.decide(new PredictivePacing.Measures(dialer.history(tenant, c.id()), idle,
        view.busyElapsedMs(), waiting, rung, answers.abandonRate(), cap, answers.answered()));
    LOG.debug("campaign.predictive tenant={} campaign={} idle={} waiting={} place={} progressive={} expected={}",
        tenant, c.id(), idle, waiting, d.place(), d.progressive(), d.expectedAbandon());
    return d.place();
  }

  /**
   * The first time this node paces the campaign since it took its lease (or started): the dialer's history from the
   * store, so a node that takes a campaign over paces from what was measured, not 1:1. Then every
   * {@link #HANDLE_TIMES_REFRESH}: the handle times again (the store's include the wrap-up).
   */
  private void readHistory(Campaign c, Instant now) throws Exception {
    String key = c.tenant() + "/" + c.id();
    Instant read = historyRead.get(key);
    if (read != null && now.isBefore(read.plus(HANDLE_TIMES_REFRESH))) {
      return;
    }
    PredictivePacing.History h = store.history(c.tenant(), c.id(), HISTORY_LOADED, noAnswerMs);
    if (read == null) {
      dialer.seed(c.tenant(), c.id(), h);
      LOG.info("campaign.history-read tenant={} campaign={} attempts={} handled={}", c.tenant(), c.id(),
          h.attempts(), h.handleMs().length);
    } else {
      dialer.handleTimes(c.tenant(), c.id(), h.handleMs());
    }
    historyRead.put(key, now);
  }

  /** Places up to {@code free} due contacts (predictive: dialed now, with no agent); returns how many. */
  private int feed(Campaign c, int free, boolean predictive, Instant now) throws Exception {
    if (free <= 0) {
      return 0;
    }
    String tenant = c.tenant();
    CallingHours hours = c.fields().hours();
    int placed = 0;
    for (CampaignStore.Due d : store.due(tenant, c.id(), now, free * DUE_PER_AGENT)) {
      if (placed >= free) {
        break;
      }
      if (d.phone() == null) {
        store.settle(tenant, c.id(), d.contact(), null, "gone", null, true, null, false);
        store.notDialed(tenant, c.id(), d.contact(), CampaignStore.NOT_DIALED, "gone", null);
        continue;
      }
      if (d.doNotCall()) {
        store.settle(tenant, c.id(), d.contact(), null, "do-not-call", null, true, null, false);
        store.notDialed(tenant, c.id(), d.contact(), CampaignStore.NOT_DIALED, "do-not-call", null);
        LOG.info("campaign.do-not-call tenant={} campaign={} contact={}", tenant, c.id(), d.contact());
        continue;
      }
      ZoneId zone = zone(d.timeZone(), c.fields().timeZone());
      if (!hours.open(now, zone)) {
        store.defer(tenant, c.id(), d.contact(), hours.nextOpening(now, zone));
        store.notDialed(tenant, c.id(), d.contact(), CampaignStore.NOT_DIALED, OUTSIDE_CALLING_HOURS, null);
        continue;
      }
      String callId = "cmp-" + HexFormat.of().formatHex(bytes());
      if (!store.claim(tenant, c.id(), d.contact(), callId, d.phone())) {
        continue;
      }
      try {
        CampaignCalls.Call call = call(c, d, callId);
        await(predictive ? dialer.dial(tenant, call) : acd.place(tenant, call).<Void>mapEmpty());
        placed++;
      } catch (Exception e) {
        store.settle(tenant, c.id(), d.contact(), callId, null, null, false, null, false);
        if (e instanceof AcdException a && "unknown-queue".equals(a.code())) {
          store.transition(tenant, c.id(), Set.of(CampaignStatus.RUNNING), CampaignStatus.PAUSED, "no-queue");
          LOG.warn("campaign.paused tenant={} campaign={} reason=no-queue", tenant, c.id());
          return placed;
        }
        throw e;
      }
    }
    return placed;
  }

  /**
   * The ACD call of a due contact: every one carries the contact card (zone and calling hours, for the wrap-up's
   * call-back picker); a preview campaign's also the contact's preview card.
   */
  private CampaignCalls.Call call(Campaign c, CampaignStore.Due d, String callId) throws Exception {
    String name = c.fields().name() + ": " + (d.name() == null ? d.phone() : d.name());
    String zone = zone(d.timeZone(), c.fields().timeZone()).getId();
    io.vertx.core.json.JsonObject hours = new io.vertx.core.json.JsonObject()
        .put("from", c.fields().hours().from().toString()).put("to", c.fields().hours().to().toString());
    String contactCard = hours.copy().put("zone", zone).encode();
    if (!"preview".equals(c.fields().mode())) {
      return new CampaignCalls.Call(callId, c.fields().queue(), d.phone(), name, c.id(), d.contact(),
          c.fields().callerId(), null, 0, contactCard, c.fields().abandonPrompt());
    }
    PreviewSettings p = c.fields().preview();
    io.vertx.core.json.JsonObject card = store.preview(c.tenant(), c.id(), d.contact());
    if (card == null) {
      card = new io.vertx.core.json.JsonObject().put("name", d.name()).put("attributes",
          new io.vertx.core.json.JsonObject());
    }
    card.put("campaign", c.fields().name()).put("campaignId", c.id()).put("number", d.phone())
        .put("timeoutSeconds", p.timeout(previewTimeoutSeconds)).put("onTimeout", p.onTimeout())
        .put("timeZone", zone).put("callingHours", hours);
    return new CampaignCalls.Call(callId, c.fields().queue(), d.phone(), name, c.id(), d.contact(),
        c.fields().callerId(), card.encode(), p.offerSeconds(previewTimeoutSeconds), contactCard);
  }

  /** The contact's zone; the campaign's when it has none (or one Java does not know). */
  static ZoneId zone(String contactZone, String campaignZone) {
    if (contactZone != null) {
      try {
        return ZoneId.of(contactZone);
      } catch (DateTimeException e) {
        // falls through to the campaign's
      }
    }
    return ZoneId.of(campaignZone);
  }

  private byte[] bytes() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return b;
  }

  private <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(options.acdTimeoutMs(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }
}
