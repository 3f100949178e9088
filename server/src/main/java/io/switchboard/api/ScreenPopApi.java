package io.switchboard.api;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CallStatus;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.cases.Case;
import io.switchboard.cases.CaseStore;
import io.switchboard.config.CustomersConfig;
import io.switchboard.customers.CrmTemplate;
import io.switchboard.customers.Customer;
import io.switchboard.customers.CustomerStore;
import io.switchboard.directory.Oversight;
import io.switchboard.phone.PhoneNumbers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/screen-pop/{callId}}: who is calling, for the agent's card before it answers. The softphone
 * asks as soon as {@code call.offered} (or {@code hello} with a call) arrives, so the offer itself is never delayed by
 * the look-up. The answer: the caller's number as the trunk sent it and in E.164 (read in the tenant's default
 * country), the customers having that number (oldest first, at most {@value #MAX_CUSTOMERS}; several when a number
 * is shared), the last {@value #LAST_CALLS} earlier calls from any of their numbers (or from the caller's number when
 * nobody matches), "Open in CRM" links when the tenant has a template, and the customers' open cases (new, open or
 * pending; at most {@value #OPEN_CASES}, newest first) whatever their department, so the agent knows what the
 * caller is waiting for.
 *
 * <p>Scope: an agent only for the call the ACD has offered to it or that it holds (reserved, on the call or in its
 * wrap-up), else 403; supervisors and admins for any call of the tenant the ACD still knows (ended calls for two
 * days); a team leader for a call whose agent (offered it, holding it or in its wrap-up) is a member of a team it
 * leads ({@link Oversight}), another call being 404 as an unknown one; an unknown call is 404.
 *
 * <p>Threading: the ACD checks are asynchronous on the event loop; the store reads run on a worker thread.
 */
final class ScreenPopApi {
  static final String PATH = AdminApi.PREFIX + "/screen-pop";
  static final int MAX_CUSTOMERS = 10;
  static final int LAST_CALLS = 5;
  static final int OPEN_CASES = 10;

  private final CustomerStore store;
  private final CustomersConfig config;
  private final Acd acd;
  private final CaseStore cases;
  private final Oversight oversight;

  /**
   * @param cases     the tenant's cases, or null for a pop without them
   * @param oversight whose calls a team leader may pop, or null: none
   */
  ScreenPopApi(CustomerStore store, CustomersConfig config, Acd acd, CaseStore cases, Oversight oversight) {
    this.store = store;
    this.config = config;
    this.acd = acd;
    this.cases = cases;
    this.oversight = oversight;
  }

  void mount(Router router, RouteGuard guard) {
    router.get(PATH + "/:callId").handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.TEAM_LEADER, Role.AGENT))
        .handler(this::pop);
  }

  /**
   * Succeeds with the call when a team leader's member is its agent (offered it, holds it or wraps it up); else
   * fails with the 404 of an unknown call, so another team's calls are not told apart from none.
   */
  private Future<CallStatus> membersCall(Principal p, String callId) {
    Future<Oversight.Reach> reach = oversight == null ? Future.succeededFuture(Oversight.Reach.NONE)
        : oversight.of(p);
    return reach.compose(r -> known(p, callId).compose(call -> r.agent(call.agentId())
        ? Future.succeededFuture(call) : Future.failedFuture(Problem.notFound("no such call '" + callId + "'"))));
  }

  /** The call as the ACD knows it, or the 404 of an unknown call. */
  private Future<CallStatus> known(Principal p, String callId) {
    return acd.call(p.tenant(), callId)
        .recover(e -> Future.failedFuture(Problem.notFound("no such call '" + callId + "'")));
  }

  /** Whether {@code p} holds or is offered {@code callId} as an agent. */
  private Future<Boolean> own(Principal p, String callId) {
    return !p.has(Role.AGENT) ? Future.succeededFuture(false)
        : acd.agent(p.tenant(), p.subject()).map(a -> a != null && callId.equals(a.callId())).otherwise(false);
  }

  private void pop(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String callId = rc.pathParam("callId");
    if (callId.length() > 128) {
      throw Problem.invalidField("callId", "is longer than 128 characters");
    }
    boolean privileged = p.has(Role.ADMIN) || p.has(Role.SUPERVISOR);
    Future<CallStatus> call = privileged ? known(p, callId)
        : own(p, callId).compose(mine -> mine ? known(p, callId)
            : p.has(Role.TEAM_LEADER) ? membersCall(p, callId)
            : Future.failedFuture(Problem.forbidden("an agent may pop only the call offered to it or that it "
                + "holds")));
    call.compose(c -> rc.vertx().executeBlocking(() -> pop(p.tenant(), c), false))
        .onSuccess(json -> DirectoryResource.json(rc, 200, json))
        .onFailure(e -> rc.fail(CustomerJson.problem(e)));
  }

  /** Blocking: the open cases of {@code customers} (any department), newest first; none without {@code cases}. */
  static List<Case> openCases(CaseStore cases, String tenant, List<Customer> customers) {
    List<Case> out = new java.util.ArrayList<>();
    for (Customer c : customers) {
      if (cases != null) {
        out.addAll(cases.search(tenant, new CaseStore.Query(null, true, null, null,
            java.util.UUID.fromString(c.id()), null, null, null, null,
            null), null, OPEN_CASES));
      }
    }
    out.sort(java.util.Comparator.comparingLong(Case::id).reversed());
    return out.subList(0, Math.min(out.size(), OPEN_CASES));
  }

  /** An open case as the pops list it: what the agent needs to know the customer waits for it. */
  static JsonObject openCase(Case k) {
    return new JsonObject().put("id", Long.toString(k.id()))
        .put("subject", k.subject()).put("status", k.status().wire()).put("priority", k.priority().wire())
        .put("department", k.department()).put("owner", k.owner()).put("dueAt", k.dueAt().toString())
        .put("customerId", k.customerId().toString());
  }

  /** Blocking: the pop of {@code call}. */
  private JsonObject pop(String tenant, CallStatus call) throws Exception {
    CustomerStore.Settings settings = store.settings(tenant);
    String caller = call.caller();
    String number = PhoneNumbers.callerE164(caller, CustomersApi.country(settings, config)).orElse(null);
    List<Customer> customers = number == null ? List.of() : store.byPhone(tenant, number, MAX_CUSTOMERS);
    Set<String> callers = new LinkedHashSet<>();
    if (caller != null) {
      callers.add(caller);
    }
    if (number != null) {
      callers.add(number);
    }
    customers.forEach(c -> callers.addAll(c.fields().phones()));
    List<CustomerStore.PastCall> past = store.lastCalls(tenant, callers, call.callId(), LAST_CALLS);
    CrmTemplate crm = settings.crmUrlTemplate() == null ? null : CrmTemplate.of(settings.crmUrlTemplate());
    JsonArray found = new JsonArray();
    for (Customer c : customers) {
      found.add(CustomerJson.customer(c).put("crmUrl", crm == null ? null : crm.link(number, c.id(), call.callId())));
    }
    JsonArray calls = new JsonArray();
    past.forEach(x -> calls.add(CustomerJson.pastCall(x)));
    JsonArray open = new JsonArray();
    openCases(cases, tenant, customers).forEach(k -> open.add(openCase(k)));
    return new JsonObject()
        .put("callId", call.callId())
        .put("caller", caller)
        .put("callerName", call.callerName())
        .put("number", number)
        .put("customers", found)
        .put("interactions", calls)
        .put("cases", open)
        .put("crmUrl", crm == null ? null : crm.link(number != null ? number : caller, null, call.callId()));
  }
}
