package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.CallSpec;
import io.switchboard.directory.Kind;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The customers API on a real node (demo data, its own PostgreSQL database, real logins): create, read, update with
 * If-Match, delete, search and paging; the role matrix with exact status codes; every bad value named; the CSV
 * import (good rows, rejected rows with line, column and reason, a refused header, de-duplication by number); and
 * the screen pop of calls the ACD holds, with its scope.
 */
class CustomersApiIT {
  static final String ADMIN_PASSWORD = "customers-admin-1";
  static final String OTHER_PASSWORD = "customers-other-1";
  static Node node;
  static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static String admin;
  static String sam;
  static String alice;
  static String olga; // admin of another tenant

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("customers-it", Map.of("database.url", TestPostgres.newDatabase("customers_it"),
        "bootstrap.admin.password", ADMIN_PASSWORD, "customers.import-max-bytes", "4096"));
    int port = node.httpPort();
    admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
    sam = TestNodes.login(port, "sam");
    alice = TestNodes.login(port, "alice");
    node.directory().createTenant("other").await();
    node.directory().put("other", Kind.AGENT, "olga", new JsonObject().put("username", "olga")
        .put("roles", new JsonArray().add("admin").add("supervisor").add("agent")).put("password", OTHER_PASSWORD),
        null).await();
    olga = TestNodes.login(port, "other", "olga", OTHER_PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  static Res send(String method, String path, String token, String type, String body, String... headers) {
    return new ApiClient(node.httpPort()).send(method, path, token, type, body, headers);
  }

  static Res get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  static Res post(String path, String token, String json) {
    return send("POST", path, token, "application/json", json);
  }

  static Res put(String path, String token, String json, String... headers) {
    return send("PUT", path, token, "application/json", json, headers);
  }

  static Res delete(String path, String token) {
    return send("DELETE", path, token, null, null);
  }

  static Res importCsv(String token, String csv) {
    return send("POST", "/api/v1/customers/import", token, "text/csv; charset=utf-8", csv);
  }

  /** Creates a customer as {@code token}; returns it. */
  static JsonObject create(String token, String name, String... phones) {
    Res r = post("/api/v1/customers", token, new JsonObject().put("displayName", name)
        .put("phones", new JsonArray(List.of((Object[]) phones))).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static List<JsonObject> search(String query, String token) {
    Res r = get("/api/v1/customers?" + query, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.json().getJsonArray("items").forEach(o -> out.add((JsonObject) o));
    return out;
  }

  static List<String> names(List<JsonObject> customers) {
    return customers.stream().map(c -> c.getString("displayName")).toList();
  }

  @Test
  void createReadUpdateDeleteSearchAndPage() {
    Res created = post("/api/v1/customers", alice, """
        {"displayName":"Ana Pérez","givenName":"Ana","phones":["+34 911 23 45 67"],"emails":["ana@acme.example"],
         "company":"Acme Iberia","language":"es-es","timeZone":"Europe/Madrid","attributes":{"tier":"gold"}}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject ana = created.json();
    String id = ana.getString("id");
    assertThat(created.header("Location")).isEqualTo("/api/v1/customers/" + id);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(ana.getJsonArray("phones").getList()).containsExactly("+34911234567");
    assertThat(ana.getString("language")).isEqualTo("es-ES");

    Res read = get("/api/v1/customers/" + id, alice);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getJsonObject("attributes").getString("tier")).isEqualTo("gold");
    assertThat(send("GET", "/api/v1/customers/" + id, alice, null, null, "If-None-Match", "\"1\"").status())
        .isEqualTo(304);

    JsonObject changed = read.json().put("company", "Acme Spain").put("phones", new JsonArray().add("+34911234567")
        .add("+1 202 555 0143"));
    Res updated = put("/api/v1/customers/" + id, sam, changed.encode(), "If-Match", "\"1\"");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.header("ETag")).isEqualTo("\"2\"");
    assertThat(updated.json().getString("company")).isEqualTo("Acme Spain");
    Res stale = put("/api/v1/customers/" + id, sam, changed.encode(), "If-Match", "\"1\"");
    assertThat(stale.status()).isEqualTo(412);

    assertThat(names(search("q=ana", alice))).containsExactly("Ana Pérez");
    assertThat(names(search("q=ACME%20sp", alice))).containsExactly("Ana Pérez"); // company prefix
    assertThat(names(search("q=ana%40acme", alice))).containsExactly("Ana Pérez"); // e-mail prefix
    assertThat(names(search("q=p%C3%A9rez", alice))).isEmpty(); // a prefix, not a substring of the display name
    assertThat(names(search("phone=%2B1%20(202)%20555-0143", alice))).containsExactly("Ana Pérez");
    assertThat(names(search("q=%25", alice))).isEmpty(); // LIKE wildcards are literal
    // a national number is read in the tenant's default country (US by default; ES once set)
    assertThat(get("/api/v1/customers?phone=911234567", alice).fields()).containsExactly("phone");
    assertThat(put("/api/v1/customer-settings", admin, "{\"defaultCountry\":\"es\"}").status()).isEqualTo(200);
    assertThat(names(search("phone=911%2023%2045%2067", alice))).containsExactly("Ana Pérez");
    assertThat(put("/api/v1/customer-settings", admin, "{\"defaultCountry\":null}").status()).isEqualTo(200);

    for (int i = 1; i <= 5; i++) {
      create(admin, "Paging " + i, "+1202555020" + i);
    }
    JsonObject first = get("/api/v1/customers?q=paging&limit=2", alice).json();
    assertThat(names(items(first))).containsExactly("Paging 1", "Paging 2");
    JsonObject second = get("/api/v1/customers?q=paging&limit=2&cursor=" + first.getString("next"), alice).json();
    assertThat(names(items(second))).containsExactly("Paging 3", "Paging 4");
    JsonObject third = get("/api/v1/customers?q=paging&limit=2&cursor=" + second.getString("next"), alice).json();
    assertThat(names(items(third))).containsExactly("Paging 5");
    assertThat(third.getValue("next")).isNull();
    assertThat(get("/api/v1/customers?cursor=nonsense", alice).fields()).containsExactly("cursor");
    assertThat(get("/api/v1/customers?limit=201", alice).fields()).containsExactly("limit");

    assertThat(delete("/api/v1/customers/" + id, sam).status()).isEqualTo(204);
    assertThat(get("/api/v1/customers/" + id, alice).status()).isEqualTo(404);
    assertThat(search("phone=%2B34911234567", alice)).isEmpty();
    assertThat(get("/api/v1/customers/not-a-uuid", alice).status()).isEqualTo(404);
  }

  static List<JsonObject> items(JsonObject page) {
    List<JsonObject> out = new ArrayList<>();
    page.getJsonArray("items").forEach(o -> out.add((JsonObject) o));
    return out;
  }

  @Test
  void theRoleMatrixHoldsWithExactStatusCodes() {
    String body = "{\"displayName\":\"Matrix\",\"phones\":[\"+12025550300\"]}";
    String csv = "name,phone\nMatrix Import,+12025550301\n";
    // nobody
    assertThat(get("/api/v1/customers", null).status()).isEqualTo(401);
    assertThat(post("/api/v1/customers", null, body).status()).isEqualTo(401);
    assertThat(importCsv(null, csv).status()).isEqualTo(401);
    assertThat(get("/api/v1/screen-pop/x", null).status()).isEqualTo(401);
    // an agent reads, searches and creates; nothing else
    String id = create(alice, "Matrix", "+12025550300").getString("id");
    assertThat(get("/api/v1/customers", alice).status()).isEqualTo(200);
    assertThat(get("/api/v1/customers/" + id, alice).status()).isEqualTo(200);
    assertThat(put("/api/v1/customers/" + id, alice, body).status()).isEqualTo(403);
    assertThat(delete("/api/v1/customers/" + id, alice).status()).isEqualTo(403);
    assertThat(importCsv(alice, csv).status()).isEqualTo(403);
    assertThat(get("/api/v1/customer-settings", alice).status()).isEqualTo(403);
    assertThat(put("/api/v1/customer-settings", alice, "{}").status()).isEqualTo(403);
    // a supervisor also updates, deletes, imports and reads the settings; only an admin writes them
    assertThat(get("/api/v1/customers", sam).status()).isEqualTo(200);
    assertThat(put("/api/v1/customers/" + id, sam, body).status()).isEqualTo(200);
    assertThat(importCsv(sam, csv).status()).isEqualTo(200);
    assertThat(get("/api/v1/customer-settings", sam).status()).isEqualTo(200);
    assertThat(put("/api/v1/customer-settings", sam, "{}").status()).isEqualTo(403);
    assertThat(post("/api/v1/customers", sam, body).status()).isEqualTo(201);
    // an admin does everything
    assertThat(put("/api/v1/customers/" + id, admin, body).status()).isEqualTo(200);
    assertThat(put("/api/v1/customer-settings", admin, "{}").status()).isEqualTo(200);
    assertThat(importCsv(admin, csv).status()).isEqualTo(200);
    // another tenant's admin: the customer does not exist for it
    assertThat(get("/api/v1/customers/" + id, olga).status()).isEqualTo(404);
    assertThat(put("/api/v1/customers/" + id, olga, body).status()).isEqualTo(404);
    assertThat(delete("/api/v1/customers/" + id, olga).status()).isEqualTo(404);
    assertThat(search("q=matrix", olga)).isEmpty();
    assertThat(search("phone=%2B12025550300", olga)).isEmpty();
    assertThat(get("/api/v1/customers/" + id, alice).status()).as("untouched").isEqualTo(200);
    assertThat(delete("/api/v1/customers/" + id, admin).status()).isEqualTo(204);
  }

  @Test
  void everyBadValueIsAProblemNamingItsField() {
    Res r = post("/api/v1/customers", alice, """
        {"displayName":"Bad","phones":["12","+12025550400"],"emails":["not-mail"],"timeZone":"Mars/Olympus",
         "attributes":{"tier":1},"nickname":"x"}""");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.fields()).containsExactlyInAnyOrder("phones.0", "emails.0", "timeZone", "attributes.tier",
        "nickname");
    Res dup = post("/api/v1/customers", alice, "{\"displayName\":\"A\",\"displayName\":\"B\",\"phones\":[\"+12025550400\"]}");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.fields()).containsExactly("displayName");
    Res nested = post("/api/v1/customers", alice,
        "{\"displayName\":\"A\",\"phones\":[\"+12025550400\"],\"attributes\":{\"a\":\"1\",\"a\":\"2\"}}");
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.fields()).containsExactly("a"); // StrictJson names the duplicate key itself
    assertThat(send("POST", "/api/v1/customers", alice, "text/plain", "x").status()).isEqualTo(415);
    assertThat(post("/api/v1/customers", alice, "[1]").status()).isEqualTo(400);
    Res settings = put("/api/v1/customer-settings", admin,
        "{\"crmUrlTemplate\":\"http://crm.example.com/?p={number}\",\"defaultCountry\":\"ES\"}");
    assertThat(settings.fields()).containsExactly("crmUrlTemplate");
    assertThat(put("/api/v1/customer-settings", admin, "{\"defaultCountry\":\"XX\"}").fields())
        .containsExactly("defaultCountry");
    assertThat(put("/api/v1/customer-settings", admin, "{\"crmUrlTemplate\":\"https://c.example/{nope}\"}").fields())
        .containsExactly("crmUrlTemplate");
    assertThat(put("/api/v1/customer-settings", admin, "{\"colour\":\"red\"}").fields()).containsExactly("colour");
    assertThat(send("POST", "/api/v1/customers/import", sam, "application/json", "{}").status()).isEqualTo(415);
  }

  @Test
  void csvImportCreatesUpdatesByNumberRejectsBadRowsAndRefusesABadHeader() {
    JsonObject old = create(admin, "Old Name", "+12025550501");
    Res r = importCsv(sam, """
        name,phone,email,company,attr.segment
        New Name,(202) 555-0501,new@example.com,,vip
        Fresh One,+1 202 555 0502;+1 202 555 0503,,Fresh Co,
        Bad Row,12,,,
        Fresh Again,+12025550503,again@example.com,,
        ,+12025550504,,,
        """);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject result = r.json();
    assertThat(result.getLong("rows")).isEqualTo(5);
    assertThat(result.getLong("created")).isEqualTo(1); // Fresh One (Fresh Again updates it: same number)
    assertThat(result.getLong("updated")).isEqualTo(1); // Old Name
    assertThat(result.getLong("rejectedRows")).isEqualTo(2);
    JsonArray rejected = result.getJsonArray("rejected");
    assertThat(rejected.getJsonObject(0).getMap()).containsEntry("line", 4).containsEntry("column", "phone");
    assertThat(rejected.getJsonObject(0).getString("reason")).startsWith("'12' is too short");
    assertThat(rejected.getJsonObject(1).getMap()).containsEntry("line", 6).containsEntry("column", "name")
        .containsEntry("reason", "is empty");

    List<JsonObject> byOld = search("phone=%2B12025550501", sam);
    assertThat(byOld).singleElement().satisfies(c -> {
      assertThat(c.getString("id")).isEqualTo(old.getString("id")); // updated, not duplicated
      assertThat(c.getString("displayName")).isEqualTo("New Name");
      assertThat(c.getJsonArray("emails").getList()).containsExactly("new@example.com");
      assertThat(c.getJsonObject("attributes").getString("segment")).isEqualTo("vip");
      assertThat(c.getLong("version")).isEqualTo(2);
    });
    assertThat(search("phone=%2B12025550502", sam)).singleElement().satisfies(c -> {
      assertThat(c.getString("displayName")).isEqualTo("Fresh Again");
      assertThat(c.getJsonArray("phones").getList()).containsExactly("+12025550502", "+12025550503");
      assertThat(c.getJsonArray("emails").getList()).containsExactly("again@example.com");
      assertThat(c.getString("company")).isEqualTo("Fresh Co"); // kept: the later row's cell was empty
    });

    // the same file again: every row updates, nothing is created
    Res again = importCsv(sam, "name,phone\nFresh Again,+12025550502\nNew Name,+12025550501\n");
    assertThat(again.json().getLong("created")).isZero();
    assertThat(again.json().getLong("updated")).isEqualTo(2);

    // a new number on a known one is added to that customer, and found by it
    Res added = importCsv(sam, "name,phone\nNew Name,+12025550501;+12025550509\n");
    assertThat(added.json().getLong("updated")).isEqualTo(1);
    assertThat(search("phone=%2B12025550509", sam)).singleElement()
        .satisfies(c -> assertThat(c.getString("id")).isEqualTo(old.getString("id")));

    int before = search("limit=200", sam).size();
    Res header = importCsv(sam, "name,phone,fax\nNobody,+12025550599,1\n");
    assertThat(header.status()).isEqualTo(400);
    assertThat(header.fields()).containsExactly("header");
    assertThat(header.json().getString("detail")).contains("nothing was imported").contains("'fax'");
    assertThat(search("limit=200", sam)).hasSize(before);
    assertThat(search("phone=%2B12025550599", sam)).isEmpty();
  }

  @Test
  void anImportLargerThanTheLimitIsRefusedWhetherItsLengthIsKnownOrNot() throws Exception {
    StringBuilder csv = new StringBuilder("name,phone\n");
    for (int i = 0; csv.length() <= 4096; i++) {
      csv.append("Too Many ").append(i).append(",+1202556").append(String.format("%04d", i)).append('\n');
    }
    assertThat(importCsv(sam, csv.toString()).status()).isEqualTo(413); // Content-Length says so at once
    byte[] bytes = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/customers/import"))
        .header("Authorization", "Bearer " + sam).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413); // counted while it streams
    assertThat(search("q=too%20many", sam)).isEmpty();
  }

  @Test
  void theScreenPopShowsTheCallersCustomersAndTheirLastCallsToThoseWhoMaySeeTheCall() {
    String caller = "+12025550777";
    JsonObject known = create(admin, "Pop Customer", caller);
    JsonObject sharing = create(admin, "Pop Colleague", caller, "+12025550778"); // a shared switchboard number
    assertThat(put("/api/v1/customer-settings", admin,
        "{\"crmUrlTemplate\":\"https://crm.example.com/c?phone={number}&id={customerId}\"}").status()).isEqualTo(200);
    // an earlier call from the colleague's other number, abandoned: it reaches the interactions table
    enqueue("pop-earlier", "+12025550778");
    node.acd().callerHangup("demo", "pop-earlier").await();
    enqueue("pop-now", "2025550777"); // the trunk sent a national number
    try {
      // the records pipeline writes the enqueue and the abandon apart: wait for the abandon
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(get("/api/v1/screen-pop/pop-now", sam)
          .json().getJsonArray("interactions", new JsonArray()).stream()
          .anyMatch(o -> "abandoned".equals(((JsonObject) o).getString("outcome")))).isTrue());
      Res r = get("/api/v1/screen-pop/pop-now", sam);
      assertThat(r.status()).isEqualTo(200);
      JsonObject pop = r.json();
      assertThat(pop.getString("caller")).isEqualTo("2025550777");
      assertThat(pop.getString("number")).isEqualTo(caller);
      assertThat(names(items(pop.put("items", pop.getJsonArray("customers")))))
          .containsExactly("Pop Customer", "Pop Colleague");
      assertThat(pop.getJsonArray("customers").getJsonObject(0).getString("crmUrl"))
          .isEqualTo("https://crm.example.com/c?phone=%2B12025550777&id=" + known.getString("id"));
      JsonObject earlier = pop.getJsonArray("interactions").getJsonObject(0);
      assertThat(earlier.getString("callId")).isEqualTo("pop-earlier");
      assertThat(earlier.getString("queue")).isEqualTo("support");
      assertThat(earlier.getString("outcome")).isEqualTo("abandoned");
      assertThat(pop.getJsonArray("interactions")).hasSize(1); // the call itself is not its own history
      assertThat(get("/api/v1/screen-pop/pop-now", admin).status()).isEqualTo(200);
      // an agent only for a call offered to it or that it holds; another tenant does not see the call
      Res agent = get("/api/v1/screen-pop/pop-now", alice);
      assertThat(agent.status()).as(agent.body()).isEqualTo(403);
      assertThat(get("/api/v1/screen-pop/pop-now", olga).status()).isEqualTo(404);
      assertThat(get("/api/v1/screen-pop/no-such-call", sam).status()).isEqualTo(404);
    } finally {
      node.acd().callerHangup("demo", "pop-now").await();
      put("/api/v1/customer-settings", admin, "{}");
      delete("/api/v1/customers/" + known.getString("id"), admin);
      delete("/api/v1/customers/" + sharing.getString("id"), admin);
    }
  }

  static void enqueue(String callId, String caller) {
    node.acd().enqueue("demo", new CallSpec(callId, "support", null, Map.of(), null, caller, "Pop Caller", null,
        node.config().nodeId())).await();
  }
}
