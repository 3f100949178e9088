package io.switchboard.api;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.cases.CaseStore;
import io.switchboard.config.CustomersConfig;
import io.switchboard.customers.CrmTemplate;
import io.switchboard.customers.CustomerFields;
import io.switchboard.customers.CustomerInput;
import io.switchboard.customers.CustomerStore;
import io.switchboard.customers.CustomerStore.Cursor;
import io.switchboard.phone.PhoneNumbers;
import io.switchboard.directory.IfMatch;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Customers: {@code GET|POST /api/v1/customers} (search and paging; create), {@code GET|PUT|DELETE
 * /api/v1/customers/{id}} (PUT replaces the whole customer; ETag is its version, If-Match optional, 412 on a
 * mismatch), {@code GET|PUT /api/v1/customer-settings} (the tenant's default country and CRM link template), the CSV
 * import ({@link CustomerImportApi}) and the screen pop ({@link ScreenPopApi}).
 *
 * <p>Roles: agents, team leaders, supervisors, managers and admins read, search and create (an agent creates an
 * unknown caller from the call); supervisors and admins update, delete and import; admins write the settings, supervisors read them. The
 * tenant is always the principal's: another tenant's customer is 404.
 *
 * <p>Threading: parameters are checked on the event loop; validation (which needs the tenant's default country) and
 * the store (JDBC) run on a worker thread, unordered.
 */
public final class CustomersApi {
  static final String BASE = AdminApi.PREFIX + "/customers";
  static final String SETTINGS = AdminApi.PREFIX + "/customer-settings";

  private final CustomerStore store;
  private final CustomersConfig config;
  private final int maxBodyBytes;
  private CaseStore cases;
  private io.switchboard.directory.Oversight oversight;

  /** @param maxBodyBytes largest JSON body accepted (http.max-body-bytes); larger → 413 */
  public CustomersApi(CustomerStore store, CustomersConfig config, int maxBodyBytes) {
    this.store = store;
    this.config = config;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Mounts the customer routes, the import and, with {@code acd}, the screen pop. */
  public void mount(Router router, RouteGuard guard, Acd acd) {
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    Role[] readers = {Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER, Role.AGENT};
    Role[] writers = {Role.ADMIN, Role.SUPERVISOR};
    router.get(BASE).handler(guard.require(readers)).handler(this::search);
    // the guard on a route of its own before the body handler's (as DirectoryResource): 401/403 before any body
    router.post(BASE).handler(guard.require(readers));
    router.post(BASE).handler(body).handler(this::create);
    new CustomerImportApi(store, config).mount(router, guard.require(writers));
    router.get(BASE + "/:id").handler(guard.require(readers)).handler(this::get);
    router.put(BASE + "/:id").handler(guard.require(writers));
    router.put(BASE + "/:id").handler(body).handler(this::put);
    router.delete(BASE + "/:id").handler(guard.require(writers)).handler(this::delete);
    router.get(SETTINGS).handler(guard.require(Role.ADMIN, Role.SUPERVISOR)).handler(this::getSettings);
    router.put(SETTINGS).handler(guard.require(Role.ADMIN));
    router.put(SETTINGS).handler(body).handler(this::putSettings);
    if (acd != null) {
      new ScreenPopApi(store, config, acd, cases, oversight).mount(router, guard);
    }
  }

  /** Team leaders see the screen pop of their teams' members' calls, as {@code oversight} says. */
  public CustomersApi withOversight(io.switchboard.directory.Oversight oversight) {
    this.oversight = oversight;
    return this;
  }

  /** The screen pop lists the callers' open cases from {@code cases}. */
  public CustomersApi withCases(CaseStore cases) {
    this.cases = cases;
    return this;
  }

  /** The tenant's default country: its own setting, else customers.default-country. */
  static String country(CustomerStore.Settings s, CustomersConfig config) {
    return s.defaultCountry() != null ? s.defaultCountry() : config.defaultCountry();
  }

  private void search(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String q = QueryParams.param(rc, "q");
    if (q != null && q.length() > 100) {
      throw Problem.invalidField("q", "is longer than 100 characters");
    }
    String phone = QueryParams.param(rc, "phone");
    int limit = QueryParams.limit(rc, CustomerStore.MAX_PAGE);
    Cursor after = null;
    String cursor = QueryParams.param(rc, "cursor");
    if (cursor != null) {
      try {
        after = Cursor.decode(cursor);
      } catch (IllegalArgumentException e) {
        throw Problem.invalidField("cursor", "is not a cursor this API returned");
      }
    }
    Cursor from = after;
    blocking(rc, () -> {
      String e164 = null;
      if (phone != null) {
        try {
          e164 = PhoneNumbers.e164(phone, country(store.settings(tenant), config), PhoneNumbers.Rule.POSSIBLE);
        } catch (PhoneNumbers.InvalidNumber e) {
          throw Problem.invalidField("phone", "'" + phone + "' " + e.getMessage());
        }
      }
      return store.search(new CustomerStore.Query(tenant, q, e164, limit, from));
    }, page -> {
      JsonArray items = new JsonArray();
      page.items().forEach(c -> items.add(CustomerJson.customer(c)));
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items)
          .put("next", page.next() == null ? null : page.next().encode()));
    });
  }

  private void create(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    JsonObject body = JsonBodies.object(rc);
    blocking(rc, () -> store.create(tenant, fields(tenant, body)), c -> {
      rc.response().putHeader("Location", BASE + "/" + c.id());
      written(rc, 201, c);
    });
  }

  private void get(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("id");
    blocking(rc, () -> store.get(tenant, id).orElseThrow(() -> Problem.notFound("no such customer '" + id + "'")),
        c -> {
          if (HttpPreconditions.noneMatchHits(rc, c.version())) {
            rc.response().setStatusCode(304).putHeader("ETag", HttpPreconditions.etag(c.version())).end();
            return;
          }
          written(rc, 200, c);
        });
  }

  private void put(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("id");
    Long expected = expected(HttpPreconditions.ifMatch(rc));
    JsonObject body = JsonBodies.object(rc);
    Object bodyId = body.getValue("id");
    if (bodyId != null && !id.equals(bodyId)) {
      throw Problem.invalidField("id", "is not the id in the path ('" + id + "')");
    }
    blocking(rc, () -> store.update(tenant, id, fields(tenant, body), expected), c -> written(rc, 200, c));
  }

  private void delete(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("id");
    Long expected = expected(HttpPreconditions.ifMatch(rc));
    blocking(rc, () -> {
      store.delete(tenant, id, expected);
      return true;
    }, done -> rc.response().setStatusCode(204).end());
  }

  private void getSettings(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    blocking(rc, () -> store.settings(tenant),
        s -> DirectoryResource.json(rc, 200, CustomerJson.settings(s, country(s, config))));
  }

  private void putSettings(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    JsonObject body = JsonBodies.object(rc);
    CustomerStore.Settings s = settings(body);
    blocking(rc, () -> {
      store.putSettings(tenant, s);
      return s;
    }, saved -> DirectoryResource.json(rc, 200, CustomerJson.settings(saved, country(saved, config))));
  }

  /** PUT /customer-settings: both fields, each a string or null (not set); anything else names its field. */
  static CustomerStore.Settings settings(JsonObject body) {
    for (String key : body.fieldNames()) {
      if (!Set.of("defaultCountry", "crmUrlTemplate", "effectiveDefaultCountry").contains(key)) {
        throw Problem.invalidField(key, "is not a setting (defaultCountry, crmUrlTemplate)");
      }
    }
    String country = string(body, "defaultCountry");
    if (country != null) {
      country = country.toUpperCase(Locale.ROOT);
      if (!country.matches("[A-Z]{2}") || !PhoneNumbers.knownCountry(country)) {
        throw Problem.invalidField("defaultCountry", "'" + country + "' is not an ISO 3166 alpha-2 country code "
            + "such as US or ES");
      }
    }
    String template = string(body, "crmUrlTemplate");
    if (template != null && CrmTemplate.error(template) != null) {
      throw Problem.invalidField("crmUrlTemplate", CrmTemplate.error(template));
    }
    return new CustomerStore.Settings(country, template);
  }

  private static String string(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw Problem.invalidField(key, "must be a string or null");
    }
    return s.isBlank() ? null : s.trim();
  }

  /** Blocking: the validated fields of {@code body}, numbers read in the tenant's default country. */
  private CustomerFields fields(String tenant, JsonObject body) throws Exception {
    return CustomerInput.fromJson(body, country(store.settings(tenant), config));
  }

  /** Runs {@code work} on a worker thread (unordered), then {@code done} on the event loop; failures as problems. */
  static <T> void blocking(RoutingContext rc, Callable<T> work, Handler<T> done) {
    rc.vertx().executeBlocking(work, false).onSuccess(done)
        .onFailure(e -> rc.fail(CustomerJson.problem(e)));
  }

  private static Long expected(IfMatch ifMatch) {
    return ifMatch == null || ifMatch.version() < 0 ? null : ifMatch.version();
  }

  private static void written(RoutingContext rc, int status, io.switchboard.customers.Customer c) {
    rc.response().putHeader("ETag", HttpPreconditions.etag(c.version()));
    DirectoryResource.json(rc, status, CustomerJson.customer(c));
  }


}
