package io.switchboard.api;

import io.switchboard.auth.Role;
import io.switchboard.config.CustomersConfig;
import io.switchboard.contacts.DoNotCall;
import io.switchboard.contacts.DoNotCallImport;
import io.switchboard.contacts.DoNotCallStore;
import io.switchboard.customers.CustomerStore;
import io.switchboard.phone.PhoneNumbers;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The tenant's do-not-call list: {@code GET /api/v1/do-not-call} (pages in number order: {@code limit},
 * {@code after}), {@code GET|PUT|DELETE /api/v1/do-not-call/{number}} (PUT adds the number or replaces its entry:
 * {@code reason}, {@code expiresAt}). The number in the path is read like any other (E.164, or national in the
 * tenant's default country), so {@code +1 212-555-0101} and {@code 2125550101} name one entry;
 * {@code POST /api/v1/do-not-call/import} lists a CSV file's numbers ({@link DoNotCallImport}, {@link CsvUpload}).
 * Every dial checks the list ({@code dial.DialPlanner}).
 *
 * <p>Roles: supervisors and admins. Threading: parameters are checked on the event loop, the store (JDBC) runs on
 * a worker thread.
 */
public final class DoNotCallApi {
  static final String BASE = AdminApi.PREFIX + "/do-not-call";
  static final int MAX_REASON = 200;
  /** Numbers of an import written per statement. */
  static final int IMPORT_BATCH = 1000;

  private final DoNotCallStore store;
  private final CustomerStore customers;
  private final CustomersConfig config;
  private final int maxBodyBytes;
  private final CsvUpload upload;

  /**
   * @param customers the tenant's settings (default country)
   * @param importMaxBytes largest CSV file (contacts.import-max-bytes)
   */
  public DoNotCallApi(DoNotCallStore store, CustomerStore customers, CustomersConfig config, long importMaxBytes,
      int maxBodyBytes) {
    this.store = store;
    this.customers = customers;
    this.config = config;
    this.maxBodyBytes = maxBodyBytes;
    this.upload = new CsvUpload(importMaxBytes, "contacts.import-max-bytes", e -> e);
  }

  public void mount(Router router, RouteGuard guard) {
    Handler<RoutingContext> allowed = guard.require(Role.ADMIN, Role.SUPERVISOR);
    String one = BASE + "/:number";
    router.get(BASE).handler(allowed).handler(this::page);
    router.post(BASE + "/import").handler(allowed).handler(this::importCsv);
    router.get(one).handler(allowed).handler(this::get);
    router.put(one).handler(allowed); // the guard before the body handler: 401/403 before any body
    router.put(one).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::put);
    router.delete(one).handler(allowed).handler(this::delete);
  }

  private void page(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    int limit = QueryParams.limit(rc, DoNotCallStore.MAX_PAGE);
    String after = QueryParams.param(rc, "after");
    Workers.blocking(rc, () -> store.page(tenant, after == null ? null : number(tenant, after, "after"), limit),
        page -> {
      JsonArray items = new JsonArray();
      page.items().forEach(e -> items.add(json(e)));
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items).put("next", page.next()));
    });
  }

  private void importCsv(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String who = Principals.of(rc).subject();
    upload.accept(rc, in -> {
      String country = CustomersApi.country(customers.settings(tenant), config);
      return new DoNotCallImport(country, IMPORT_BATCH).run(in, batch -> store.putAll(tenant, batch, who));
    }, r -> new JsonObject().put("rows", r.rows()).put("added", r.added()).put("replaced", r.replaced())
        .put("rejectedRows", r.rejectedRows()).put("rejected", CustomerJson.rejected(r.rejected())));
  }

  private void get(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String raw = rc.pathParam("number");
    Workers.blocking(rc, () -> store.get(tenant, number(tenant, raw, "number")).orElseThrow(() -> Problem.notFound(
        "'" + raw + "' is not on the do-not-call list")), e -> DirectoryResource.json(rc, 200, json(e)));
  }

  private void put(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String who = Principals.of(rc).subject();
    String raw = rc.pathParam("number");
    JsonObject body = JsonBodies.object(rc);
    for (String key : body.fieldNames()) {
      if (!Set.of("reason", "expiresAt", "phone", "addedBy", "addedAt").contains(key)) {
        throw Problem.invalidField(key, "is not a do-not-call field (reason, expiresAt)");
      }
    }
    String reason = reason(body.getValue("reason"));
    Instant expires = expiresAt(body.getValue("expiresAt"));
    Workers.blocking(rc, () -> store.put(tenant, number(tenant, raw, "number"), reason, expires, who),
        e -> DirectoryResource.json(rc, 200, json(e)));
  }

  private void delete(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String raw = rc.pathParam("number");
    Workers.blocking(rc, () -> {
      if (!store.delete(tenant, number(tenant, raw, "number"))) {
        throw Problem.notFound("'" + raw + "' is not on the do-not-call list");
      }
      return true;
    }, done -> rc.response().setStatusCode(204).end());
  }

  /** Blocking: {@code raw} in E.164, read in the tenant's default country; a 400 naming {@code field} if it is none. */
  private String number(String tenant, String raw, String field) throws Exception {
    try {
      return PhoneNumbers.e164(raw, CustomersApi.country(customers.settings(tenant), config),
          PhoneNumbers.Rule.POSSIBLE);
    } catch (PhoneNumbers.InvalidNumber e) {
      throw Problem.invalidField(field, "'" + raw + "' " + e.getMessage());
    }
  }

  private static String reason(Object v) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.length() > MAX_REASON || s.chars().anyMatch(Character::isISOControl)) {
      throw Problem.invalidField("reason", "must be a string of at most " + MAX_REASON
          + " characters, without control characters");
    }
    return s.isBlank() ? null : s.trim();
  }

  private static Instant expiresAt(Object v) {
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse((String) v);
    } catch (ClassCastException | DateTimeParseException e) {
      throw Problem.invalidField("expiresAt", "must be an instant such as 2027-01-31T00:00:00Z, or null (never)");
    }
  }

  static JsonObject json(DoNotCall e) {
    return new JsonObject()
        .put("phone", e.phone())
        .put("reason", e.reason())
        .put("addedBy", e.addedBy())
        .put("addedAt", e.addedAt().toString())
        .put("expiresAt", e.expiresAt() == null ? null : e.expiresAt().toString());
  }
}
