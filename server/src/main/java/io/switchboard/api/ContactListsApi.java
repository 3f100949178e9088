package io.switchboard.api;

import io.switchboard.auth.Role;
import io.switchboard.config.CustomersConfig;
import io.switchboard.contacts.ContactStore;
import io.switchboard.customers.CsvImport;
import io.switchboard.customers.CustomerFields;
import io.switchboard.customers.CustomerInput;
import io.switchboard.customers.CustomerStore;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Contact lists: {@code GET|POST /api/v1/contact-lists}, {@code GET|PUT|DELETE /api/v1/contact-lists/{listId}}
 * (ETag is the list's version, If-Match optional, 412 on a mismatch; DELETE takes its contacts with it), the CSV
 * import {@code POST /api/v1/contact-lists/{listId}/import} (text/csv, the customers' columns; {@link CsvUpload}), and
 * the contacts {@code GET|POST .../contacts} (pages in id order: {@code limit}, {@code after}), {@code GET|PUT|DELETE
 * .../contacts/{id}} (a customer's JSON).
 *
 * <p>Roles: supervisors and admins, who run campaigns. The tenant is always the principal's: another tenant's list
 * is 404. Numbers are read in the tenant's default country (customer settings).
 *
 * <p>Threading: parameters are checked on the event loop; validation and the store (JDBC) run on a worker thread.
 */
public final class ContactListsApi {
  static final String BASE = AdminApi.PREFIX + "/contact-lists";
  static final int MAX_NAME = 100;
  static final int MAX_DESCRIPTION = 1000;

  private final ContactStore store;
  private final CustomerStore customers;
  private final CustomersConfig config;
  private final CsvUpload upload;
  private final int maxBodyBytes;

  /**
   * @param customers the tenant's settings (default country)
   * @param importMaxBytes largest CSV file (contacts.import-max-bytes)
   * @param maxBodyBytes largest JSON body (http.max-body-bytes)
   */
  public ContactListsApi(ContactStore store, CustomerStore customers, CustomersConfig config, long importMaxBytes,
      int maxBodyBytes) {
    this.store = store;
    this.customers = customers;
    this.config = config;
    this.upload = new CsvUpload(importMaxBytes, "contacts.import-max-bytes", ContactJson::problem);
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router, RouteGuard guard) {
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    Handler<RoutingContext> allowed = guard.require(Role.ADMIN, Role.SUPERVISOR);
    String list = BASE + "/:listId";
    String contact = list + "/contacts/:id";
    router.get(BASE).handler(allowed).handler(this::lists);
    // each guard on a route of its own before the body handler's (as DirectoryResource): 401/403 before any body
    router.post(BASE).handler(allowed);
    router.post(BASE).handler(body).handler(this::createList);
    router.get(list).handler(allowed).handler(this::getList);
    router.put(list).handler(allowed);
    router.put(list).handler(body).handler(this::putList);
    router.delete(list).handler(allowed).handler(this::deleteList);
    router.post(list + "/import").handler(allowed).handler(this::importCsv);
    router.get(list + "/contacts").handler(allowed).handler(this::contacts);
    router.post(list + "/contacts").handler(allowed);
    router.post(list + "/contacts").handler(body).handler(this::addContact);
    router.get(contact).handler(allowed).handler(this::getContact);
    router.put(contact).handler(allowed);
    router.put(contact).handler(body).handler(this::putContact);
    router.delete(contact).handler(allowed).handler(this::deleteContact);
  }

  private void lists(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    blocking(rc, () -> store.lists(tenant), all -> {
      JsonArray items = new JsonArray();
      all.forEach(l -> items.add(ContactJson.list(l)));
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items));
    });
  }

  private void createList(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    ContactStore.ListFields f = listFields(JsonBodies.object(rc), null);
    blocking(rc, () -> store.createList(tenant, f), l -> {
      rc.response().putHeader("Location", BASE + "/" + l.id());
      versioned(rc, 201, l.version(), ContactJson.list(l));
    });
  }

  private void getList(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("listId");
    blocking(rc, () -> store.list(tenant, id).orElseThrow(() -> Problem.notFound("no such contact list '" + id + "'")),
        l -> versioned(rc, 200, l.version(), ContactJson.list(l)));
  }

  private void putList(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("listId");
    Long expected = expected(rc);
    ContactStore.ListFields f = listFields(JsonBodies.object(rc), id);
    blocking(rc, () -> store.updateList(tenant, id, f, expected),
        l -> versioned(rc, 200, l.version(), ContactJson.list(l)));
  }

  private void deleteList(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("listId");
    Long expected = expected(rc);
    blocking(rc, () -> {
      store.deleteList(tenant, id, expected);
      return true;
    }, done -> rc.response().setStatusCode(204).end());
  }

  private void importCsv(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("listId");
    upload.accept(rc, in -> {
      CsvImport reader = new CsvImport(country(tenant), config.importBatchRows());
      return store.importRows(tenant, id, sink -> reader.runRows(in, sink));
    }, ContactJson::imported);
  }

  private void contacts(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("listId");
    int limit = QueryParams.limit(rc, ContactStore.MAX_PAGE);
    String after = QueryParams.param(rc, "after");
    if (after != null && !after.matches("[0-9]{1,18}")) {
      throw Problem.invalidField("after", "is not a contact id (the 'next' of a page)");
    }
    blocking(rc, () -> store.contacts(tenant, id, after, limit), page -> {
      JsonArray items = new JsonArray();
      page.items().forEach(c -> items.add(ContactJson.contact(c)));
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items).put("next", page.next()));
    });
  }

  private void addContact(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String listId = rc.pathParam("listId");
    JsonObject body = contactBody(JsonBodies.object(rc), listId, null);
    blocking(rc, () -> store.addContact(tenant, listId, fields(tenant, body)), c -> {
      rc.response().putHeader("Location", BASE + "/" + listId + "/contacts/" + c.id());
      versioned(rc, 201, c.version(), ContactJson.contact(c));
    });
  }

  private void getContact(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String listId = rc.pathParam("listId");
    String id = rc.pathParam("id");
    blocking(rc, () -> store.contact(tenant, listId, id).orElseThrow(() -> Problem.notFound("no contact '" + id
        + "' in list '" + listId + "'")), c -> versioned(rc, 200, c.version(), ContactJson.contact(c)));
  }

  private void putContact(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String listId = rc.pathParam("listId");
    String id = rc.pathParam("id");
    Long expected = expected(rc);
    JsonObject body = contactBody(JsonBodies.object(rc), listId, id);
    blocking(rc, () -> store.updateContact(tenant, listId, id, fields(tenant, body), expected),
        c -> versioned(rc, 200, c.version(), ContactJson.contact(c)));
  }

  private void deleteContact(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    Long expected = expected(rc);
    blocking(rc, () -> {
      store.deleteContact(tenant, rc.pathParam("listId"), rc.pathParam("id"), expected);
      return true;
    }, done -> rc.response().setStatusCode(204).end());
  }

  /** The list's fields: {@code name} (required), {@code description}; the server's own fields are ignored. */
  static ContactStore.ListFields listFields(JsonObject body, String pathId) {
    for (String key : body.fieldNames()) {
      if (!Set.of("name", "description", "id", "version", "contacts", "createdAt", "updatedAt").contains(key)) {
        throw Problem.invalidField(key, "is not a contact list field (name, description)");
      }
    }
    if (pathId != null && body.containsKey("id") && !pathId.equals(body.getValue("id"))) {
      throw Problem.invalidField("id", "is not the id in the path ('" + pathId + "')");
    }
    return new ContactStore.ListFields(JsonBodies.text(body, "name", MAX_NAME, true), JsonBodies.text(body, "description",
        MAX_DESCRIPTION, false));
  }


  /** The body without the fields the path already says ({@code listId}, and {@code id} on PUT), checked. */
  private static JsonObject contactBody(JsonObject body, String listId, String id) {
    JsonObject b = body.copy();
    Object bodyList = b.remove("listId");
    if (bodyList != null && !listId.equals(bodyList)) {
      throw Problem.invalidField("listId", "is not the list in the path ('" + listId + "')");
    }
    if (id != null && b.containsKey("id") && !id.equals(b.getValue("id"))) {
      throw Problem.invalidField("id", "is not the id in the path ('" + id + "')");
    }
    return b;
  }

  /** Blocking: validated fields, numbers read in the tenant's default country, the zone inferred when absent. */
  private CustomerFields fields(String tenant, JsonObject body) throws Exception {
    return io.switchboard.contacts.ContactTimeZones.inferred(CustomerInput.fromJson(body, country(tenant)));
  }

  /** Blocking. */
  private String country(String tenant) throws Exception {
    return CustomersApi.country(customers.settings(tenant), config);
  }

  private static Long expected(RoutingContext rc) {
    io.switchboard.directory.IfMatch ifMatch = HttpPreconditions.ifMatch(rc);
    return ifMatch == null || ifMatch.version() < 0 ? null : ifMatch.version();
  }

  private static void versioned(RoutingContext rc, int status, long version, JsonObject json) {
    rc.response().putHeader("ETag", HttpPreconditions.etag(version));
    DirectoryResource.json(rc, status, json);
  }

  private static <T> void blocking(RoutingContext rc, Callable<T> work, Handler<T> done) {
    rc.vertx().executeBlocking(work, false).onSuccess(done).onFailure(e -> rc.fail(ContactJson.problem(e)));
  }
}
