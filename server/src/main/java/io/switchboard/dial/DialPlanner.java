package io.switchboard.dial;

import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.Optional;

/**
 * Turns an agent's dial request into a {@link DialPlan} from the directory: the tenant's dial policy
 * ({@code dial-policy/default}, {@link DialPolicy#DEFAULT} when absent) parses and checks the number, the queue (which
 * must be one of the agent's) gives its {@code outboundCallerId}, the policy the default caller ID and the trunk;
 * a number on the tenant's do-not-call list is refused. Fails with {@link DialRefused}. Completes on the directory's threads; thread-safe.
 */
public final class DialPlanner {
  /** The id of a tenant's one dial policy document. */
  public static final String POLICY_ID = "default";

  private final Directory directory;
  private final DoNotCallCheck doNotCall;

  public DialPlanner(Directory directory, DoNotCallCheck doNotCall) {
    this.directory = directory;
    this.doNotCall = doNotCall;
  }

  /** The tenant's policy ({@link DialPolicy#DEFAULT} without a document). */
  public Future<DialPolicy> policy(String tenant) {
    return directory.get(tenant, Kind.DIAL_POLICY, POLICY_ID).map(d -> DialPolicy.of(d.orElse(null)));
  }

  /**
   * @param agentId the agent dialing, who must serve {@code queueId}; null for a predictive campaign call (no agent yet)
   * @param input what the agent typed (or the contact's number)
   * @param queueId the queue the call is for, or null
   */
  public Future<DialPlan> plan(String tenant, String agentId, String input, String queueId) {
    return plan(tenant, agentId, input, queueId, null);
  }

  /**
   * As {@link #plan(String, String, String, String)} with the call's own caller ID ({@code callerId}, a campaign's,
   * checked when the campaign was written), which takes precedence over the queue's; null: the queue's.
   */
  public Future<DialPlan> plan(String tenant, String agentId, String input, String queueId, String callerId) {
    return policy(tenant).compose(policy -> {
      String number;
      try {
        number = policy.number(input); // before any other read: a refused number costs nothing more
      } catch (DialRefused e) {
        return Future.failedFuture(e);
      }
      Future<String> queueCallerId = notListed(tenant, number).compose(v -> queueId == null
          ? Future.succeededFuture(null) : queueCallerId(tenant, agentId, queueId));
      return queueCallerId.compose(qc -> trunk(tenant, policy).map(trunk ->
          new DialPlan(tenant, agentId, number, callerId != null ? callerId : policy.callerId(qc), queueId, trunk)));
    });
  }

  /**
   * A flow's transfer of a caller to {@code number} (docs/flows.md): the number through the policy's check like any
   * dial (the policy may have changed since the flow was written), the trunk the node names or else the policy's
   * choice, and {@code callerId} (the tenant's number the caller dialed). Not checked against the do-not-call list: the
   * tenant chose the number, it is not a customer's. No agent, no queue.
   *
   * @param trunkId the transfer node's trunk, or null
   */
  public Future<DialPlan> transfer(String tenant, String number, String trunkId, String callerId) {
    return policy(tenant).compose(policy -> {
      String e164;
      try {
        e164 = policy.number(number);
      } catch (DialRefused e) {
        return Future.failedFuture(e);
      }
      Future<String> trunk = trunkId != null ? Future.succeededFuture(trunkId) : trunk(tenant, policy);
      return trunk.map(t -> new DialPlan(tenant, null, e164, callerId, null, t));
    });
  }

  private Future<Void> notListed(String tenant, String number) {
    return doNotCall.listed(tenant, number)
        .recover(e -> Future.failedFuture(new DialRefused(DialRefused.DO_NOT_CALL, "number",
            "the do-not-call list could not be read (" + e.getMessage() + "): not dialed")))
        .compose(listed -> listed
            ? Future.failedFuture(new DialRefused(DialRefused.DO_NOT_CALL, "number", number
                + " is on the do-not-call list"))
            : Future.succeededFuture());
  }

  /** The queue's outbound caller ID; {@code agentId} must serve it, unless null (a predictive call: no agent yet). */
  private Future<String> queueCallerId(String tenant, String agentId, String queueId) {
    if (agentId == null) {
      return queueOf(tenant, queueId);
    }
    return directory.get(tenant, Kind.AGENT, agentId).compose(agent -> {
      JsonArray queues = agent.map(a -> a.getJsonArray("queues", new JsonArray())).orElse(new JsonArray());
      if (!queues.contains(queueId)) {
        return Future.failedFuture(new DialRefused(DialRefused.BAD_QUEUE, "queueId",
            "you do not serve queue " + queueId));
      }
      return queueOf(tenant, queueId);
    });
  }

  private Future<String> queueOf(String tenant, String queueId) {
    return directory.get(tenant, Kind.QUEUE, queueId).compose(q -> {
      if (q.isEmpty()) {
        return Future.failedFuture(new DialRefused(DialRefused.BAD_QUEUE, "queueId",
            "queue " + queueId + " does not exist"));
      }
      return Future.succeededFuture(q.get().getString("outboundCallerId"));
    });
  }

  private Future<String> trunk(String tenant, DialPolicy policy) {
    if (policy.trunk() != null) {
      return Future.succeededFuture(policy.trunk());
    }
    return directory.list(tenant, Kind.TRUNK, null, Directory.MAX_PAGE).compose(page -> {
      Optional<String> first = page.items().stream().filter(t -> t.getBoolean("enabled", true))
          .map(t -> t.getString("id")).sorted().findFirst();
      if (first.isEmpty()) {
        return Future.failedFuture(new DialRefused(DialRefused.NO_TRUNK, null, "the tenant has no enabled trunk"));
      }
      return Future.succeededFuture(first.get());
    });
  }
}
