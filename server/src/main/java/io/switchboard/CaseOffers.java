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
 * the agent that accepts an offer the case's owner. A case whose change the ACD missed (Redis unreachable: logged)
 * takes its place at its next change.
 *
 * <p>Threading: {@link #store}'s methods block (worker threads, as every {@link CaseStore}); the {@link CaseWork}
 * methods run their store work on worker threads.
 */
final class CaseOffers implements CaseWork {
  private static final Logger LOG = LoggerFactory.getLogger(CaseOffers.class);
  /** How long a change of a case waits for the ACD to take its place before it is answered anyway. */
  private static final long PLACE_TIMEOUT_MS = 5_000;
  /** Ranks of priorities apart: more than any epoch-ms due time, so a priority always outranks a due time. */
  private static final long PRIORITY_STEP = 10_000_000_000_000L;

  private final Vertx vertx;
  private final CaseStore cases;
  private final CaseBacklog backlog;
  private final OfferOrder order;
  private final CaseStore placing = new Placing();

  /** @param cases the store of record (its changes are not told the ACD: {@link #store} is) */
  CaseOffers(Vertx vertx, CaseStore cases, CaseBacklog backlog, OfferOrder order) {
    this.vertx = vertx;
    this.cases = cases;
    this.backlog = backlog;
    this.order = order;
  }

  /** The cases, each change followed by the case's place in the ACD. */
  CaseStore store() {
    return placing;
  }

  /** Where case {@code k} belongs in the ACD: its department's backlog while it is new or open without an owner. */
  CaseBacklog.Item item(Case k) {
    boolean waits = k.owner() == null && (k.status() == CaseStatus.NEW || k.status() == CaseStatus.OPEN);
    long due = k.dueAt().toEpochMilli();
    long rank = order == OfferOrder.PRIORITY
        ? (CasePriority.URGENT.ordinal() - k.priority().ordinal()) * PRIORITY_STEP + due : due;
    return new CaseBacklog.Item(k.id(), waits ? k.department() : null, rank, k.subject(), k.priority().wire(), due);
  }

  /** Tells the ACD where {@code k} belongs now and waits for it (blocking); a failure is logged, never thrown. */
  private void place(Case k) {
    if (order == OfferOrder.OFF) {
      return;
    }
    try {
      backlog.place(k.tenant(), item(k)).toCompletionStage().toCompletableFuture()
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
