package io.switchboard;

import io.switchboard.acd.CaseBacklog;
import io.switchboard.cases.Case;
import io.switchboard.cases.CaseException;
import io.switchboard.cases.CaseHistory;
import io.switchboard.cases.CaseInput;
import io.switchboard.cases.CasePriority;
import io.switchboard.cases.CaseStatus;
import io.switchboard.cases.CaseStore;
import io.switchboard.config.CasesConfig.OfferOrder;
import io.switchboard.signaling.CaseWork;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cases offered to free agents (docs/cases.md, "Offered to agents"): the store of record keeps the case, the ACD its
 * place in its department's backlog ({@link CaseBacklog}). {@link #store} tells the ACD where a case belongs after
 * every change made through it (the API, the due-time job), before the change is answered; {@link CaseWork} makes
 * the agent that accepts an offer the case's owner. {@link #start} tells the ACD again, periodically, where every case
 * waiting in a backlog belongs: one the ACD missed (Redis unreachable or emptied: logged) takes its place then.
 *
 * <p>Threading: {@link #store}'s methods block (worker threads, as every {@link CaseStore}); the {@link CaseWork}
 * methods run their store work on worker threads.
 */
final class CaseOffers implements CaseWork, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaseOffers.class);
  /** How long a change of a case waits for the ACD to take its place before it is answered anyway. */
  private static final long PLACE_TIMEOUT_MS = 5_000;
  /** Ranks of priorities apart: more than any epoch-ms due time, so a priority always outranks a due time. */
  private static final long PRIORITY_STEP = 10_000_000_000_000L;
  /** Cases read per query of the backlog sync. */
  private static final int SYNC_PAGE = 500;

  private final Vertx vertx;
  private final CaseStore cases;
  private final CaseBacklog backlog;
  private final OfferOrder order;
  private final QueueOrder queues;
  private final CaseStore placing = new Placing();
  private final java.util.concurrent.atomic.AtomicBoolean syncing = new java.util.concurrent.atomic.AtomicBoolean();
  private long timer = -1;

  /** The offer order a queue sets for its backlog ({@code caseOfferOrder}, docs/cases.md). */
  @FunctionalInterface
  interface QueueOrder {
    /** Blocking: queue {@code queue}'s own order, or empty when it sets none (or is unknown): the node's applies. */
    Optional<OfferOrder> of(String tenant, String queue) throws Exception;
  }

  /**
   * @param cases  the store of record (its changes are not told the ACD: {@link #store} is)
   * @param order  {@code cases.offer-order}, for the queues that set none
   * @param queues each queue's own order
   */
  CaseOffers(Vertx vertx, CaseStore cases, CaseBacklog backlog, OfferOrder order, QueueOrder queues) {
    this.vertx = vertx;
    this.cases = cases;
    this.backlog = backlog;
    this.order = order;
    this.queues = queues;
  }

  /** Queues' own orders read from {@code directory} (its {@code caseOfferOrder}), waiting at most 5 s. */
  static QueueOrder fromDirectory(io.switchboard.directory.Directory directory) {
    return (tenant, queue) -> directory.get(tenant, io.switchboard.directory.Kind.QUEUE, queue)
        .toCompletionStage().toCompletableFuture().get(PLACE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(q -> q.getString("caseOfferOrder"))
        .map(wire -> OfferOrder.valueOf(wire.toUpperCase(java.util.Locale.ROOT)));
  }

  /**
   * Runs {@link #sync} every {@code every} (the first after one period); one run at a time. It runs even when
   * {@code cases.offer-order} is off: a queue may offer its backlog all the same.
   */
  CaseOffers start(java.time.Duration every) {
    timer = vertx.setPeriodic(every.toMillis(), id -> {
      if (syncing.compareAndSet(false, true)) {
        vertx.executeBlocking(() -> sync()).onComplete(ar -> {
          syncing.set(false);
          if (ar.failed()) {
            LOG.warn("case.backlog-sync failed: {}", ar.cause().toString());
          }
        });
      }
    });
    return this;
  }

  /** Tells the ACD where every case waiting in a backlog belongs (blocking); returns how many it placed. */
  int sync() {
    int n = 0;
    String tenant = null;
    long id = 0;
    while (true) {
      List<Case> page = cases.backlog(tenant, id, SYNC_PAGE);
      for (Case k : page) {
        // read again just before: an agent may have taken it since the page was read
        cases.get(k.tenant(), k.id()).ifPresent(this::place);
        n++;
      }
      if (page.size() < SYNC_PAGE) {
        return n;
      }
      tenant = page.get(page.size() - 1).tenant();
      id = page.get(page.size() - 1).id();
    }
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** The cases, each change followed by the case's place in the ACD. */
  CaseStore store() {
    return placing;
  }

  /**
   * Where case {@code k} belongs in the ACD, ranked by {@code order}: its department's backlog while it is new or
   * open without an owner and the department offers its backlog, else none.
   */
  static CaseBacklog.Item item(Case k, OfferOrder order) {
    boolean waits = k.owner() == null && (k.status() == CaseStatus.NEW || k.status() == CaseStatus.OPEN)
        && order != OfferOrder.OFF;
    long due = k.dueAt().toEpochMilli();
    long rank = order == OfferOrder.PRIORITY
        ? (CasePriority.URGENT.ordinal() - k.priority().ordinal()) * PRIORITY_STEP + due : due;
    return new CaseBacklog.Item(k.id(), waits ? k.department() : null, rank, k.subject(), k.priority().wire(), due);
  }

  /**
   * Tells the ACD where {@code k} belongs now, by its department's order (the queue's own, else the node's), and
   * waits for it (blocking); a failure is logged, never thrown. Under {@code off} the case is in no backlog: one
   * the ACD held (its queue offered it until then) is withdrawn.
   */
  private void place(Case k) {
    try {
      Optional<OfferOrder> own = k.department() == null ? Optional.empty() : queues.of(k.tenant(), k.department());
      backlog.place(k.tenant(), item(k, own.orElse(order))).toCompletionStage().toCompletableFuture()
          .get(PLACE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("case.backlog tenant={} case={} not placed in the ACD: {}", k.tenant(), k.id(), e.toString());
    }
  }

  @Override
  public Future<Void> accepted(String tenant, String agentId, long caseId) {
    return vertx.executeBlocking(() -> {
      try {
        Case k = cases.get(tenant, caseId).orElseThrow(() -> CaseException.notFound(caseId));
        if (agentId.equals(k.owner())) {
          return null;
        }
        if (k.owner() != null) {
          throw new SignalingError(SignalingError.UNAVAILABLE, null,
              "case " + caseId + " was given to " + k.owner() + " meanwhile");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("owner", agentId);
        if (k.status() == CaseStatus.NEW) {
          changes.put("status", CaseStatus.OPEN);
        }
        placing.update(tenant, caseId, k.version(), changes, agentId);
        return null;
      } catch (CaseException e) {
        throw new SignalingError(SignalingError.UNAVAILABLE, e.field(), "case " + caseId + ": " + e.getMessage());
      }
    });
  }

  @Override
  public Future<Void> ended(String tenant, String agentId, long caseId) {
    return vertx.executeBlocking(() -> {
      cases.get(tenant, caseId).ifPresent(this::place);
      return null;
    });
  }

  /** The store of record, each change followed by {@link #place}. */
  private final class Placing implements CaseStore {
    @Override
    public Case create(String tenant, CaseInput.NewCase input, String actor) {
      return placed(cases.create(tenant, input, actor));
    }

    @Override
    public Optional<Case> get(String tenant, long id) {
      return cases.get(tenant, id);
    }

    @Override
    public List<CaseHistory> history(String tenant, long id) {
      return cases.history(tenant, id);
    }

    @Override
    public List<Case> search(String tenant, Query query, Long beforeId, int limit) {
      return cases.search(tenant, query, beforeId, limit);
    }

    @Override
    public Case update(String tenant, long id, Long expectedVersion, Map<String, Object> changes, String actor) {
      return placed(cases.update(tenant, id, expectedVersion, changes, actor));
    }

    @Override
    public Case forward(String tenant, long id, String department, String note, String actor) {
      return placed(cases.forward(tenant, id, department, note, actor));
    }

    @Override
    public Case escalate(String tenant, long id, String superior, String note, String actor) {
      return placed(cases.escalate(tenant, id, superior, note, actor));
    }

    @Override
    public Case link(String tenant, long id, String callId, String actor) {
      return cases.link(tenant, id, callId, actor);  // where it belongs does not change
    }

    @Override
    public List<Case> backlog(String afterTenant, long afterId, int limit) {
      return cases.backlog(afterTenant, afterId, limit);
    }

    @Override
    public List<Case> breached(int limit) {
      return cases.breached(limit);
    }

    @Override
    public boolean handleBreach(String tenant, long id, String superior, String note) {
      boolean handled = cases.handleBreach(tenant, id, superior, note);
      if (handled && superior != null) {
        cases.get(tenant, id).ifPresent(CaseOffers.this::place);
      }
      return handled;
    }

    private Case placed(Case k) {
      place(k);
      return k;
    }
  }
}
