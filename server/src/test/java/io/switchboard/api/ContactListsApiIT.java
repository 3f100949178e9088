package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.directory.Kind;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contact lists on a real node (its own PostgreSQL database, real logins): the CSV import (new contacts, duplicates
 * within the file skipped and reported, rows matching a contact updating it, bad rows rejected with line, column
 * and reason, a refused header importing nothing), time zones given or inferred from the number, contacts one by
 * one (a number another contact has is 409), paging, If-Match, deletion, and the roles and tenants; the tenant's
 * do-not-call list (DialIT checks that a listed number is never dialed).
 */
class ContactListsApiIT {
  static final String ADMIN_PASSWORD = "contacts-admin-1";
  static final String OTHER_PASSWORD = "contacts-other-1";
  static final String BASE = "/api/v1/contact-lists";
  static Node node;
  static ApiClient api;
  static String admin;
  static String sam; // supervisor
  static String alice; // agent
  static String olga; // admin of another tenant

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("contacts-it", Map.of("database.url", TestPostgres.newDatabase("contacts_it"),
        "bootstrap.admin.password", ADMIN_PASSWORD, "contacts.import-max-bytes", "100000"));
    int port = node.httpPort();
    api = new ApiClient(port);
    admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
    sam = TestNodes.login(port, "sam");
    alice = TestNodes.login(port, "alice");
    node.directory().createTenant("other").await();
    node.directory().put("other", Kind.AGENT, "olga", new JsonObject().put("username", "olga")
        .put("roles", new JsonArray().add("admin").add("supervisor")).put("password", OTHER_PASSWORD), null).await();
    olga = TestNodes.login(port, "other", "olga", OTHER_PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  static String newList(String name) {
    Res r = api.post(BASE, sam, new JsonObject().put("name", name).put("description", "for a test").encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.header("Location")).isEqualTo(BASE + "/" + r.json().getString("id"));
    return r.json().getString("id");
  }

  static List<JsonObject> contacts(String list) {
    List<JsonObject> all = new ArrayList<>();
    String after = null;
    do {
      Res r = api.get(BASE + "/" + list + "/contacts?limit=500" + (after == null ? "" : "&after=" + after), sam);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      r.json().getJsonArray("items").forEach(o -> all.add((JsonObject) o));
      after = r.json().getString("next");
    } while (after != null);
    return all;
  }

  static JsonObject byName(List<JsonObject> contacts, String name) {
    return contacts.stream().filter(c -> c.getString("displayName").equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no contact " + name + " in " + contacts));
  }

  @Test
  void anImportAddsSkipsDuplicatesRejectsBadRowsAndAReimportUpdates() {
    String list = newList("spring promo");
    String csv = """
        name,phone,timezone,attr.plan
        Ann Lee,+1 212 555 0101,,gold
        Bob Roe,(415) 555-0102,Europe/Madrid,
        Cy Again,+12125550101,,silver
        Dee Short,12,,
        Eve Shared,+44 20 7946 0018;+1 212-555-0101,,
        Fay Zone,+34 91 123 45 67,Mars/Base,
        """;
    Res r = api.csv(BASE + "/" + list + "/import", sam, csv);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject j = r.json();
    assertThat(j.getLong("rows")).isEqualTo(6);
    assertThat(j.getLong("created")).isEqualTo(2);
    assertThat(j.getLong("updated")).isZero();
    assertThat(j.getLong("duplicates")).isEqualTo(2);
    assertThat(j.getLong("rejectedRows")).isEqualTo(2);
    JsonArray rejected = j.getJsonArray("rejected");
    assertThat(rejected.stream().map(o -> ((JsonObject) o).getLong("line"))).containsExactly(4L, 5L, 6L, 7L);
    assertThat(rejected.getJsonObject(0).getString("reason")).contains("+12125550101 is on line 2 too");
    assertThat(rejected.getJsonObject(1).getString("column")).isEqualTo("phone");
    assertThat(rejected.getJsonObject(2).getString("reason")).contains("+12125550101 is on line 2 too");
    assertThat(rejected.getJsonObject(3).getString("column")).isEqualTo("timezone");

    List<JsonObject> in = contacts(list);
    assertThat(in).hasSize(2);
    JsonObject ann = byName(in, "Ann Lee");
    assertThat(ann.getJsonArray("phones").getList()).containsExactly("+12125550101");
    assertThat(ann.getString("timeZone")).as("from the number's area code").isEqualTo("America/New_York");
    assertThat(ann.getJsonObject("attributes").getString("plan")).isEqualTo("gold");
    assertThat(byName(in, "Bob Roe").getString("timeZone")).as("as given").isEqualTo("Europe/Madrid");
    assertThat(api.get(BASE + "/" + list, sam).json().getLong("contacts")).isEqualTo(2);

    Res again = api.csv(BASE + "/" + list + "/import", admin, """
        name,phone,attr.plan
        Ann Lee-Smith,+12125550101;+12125550199,platinum
        Gus New,+12125550103,
        """);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().getLong("updated")).isEqualTo(1);
    assertThat(again.json().getLong("created")).isEqualTo(1);
    assertThat(again.json().getLong("duplicates")).isZero();
    in = contacts(list);
    assertThat(in).hasSize(3);
    JsonObject updated = byName(in, "Ann Lee-Smith");
    assertThat(updated.getString("id")).isEqualTo(ann.getString("id"));
    assertThat(updated.getJsonArray("phones").getList()).containsExactly("+12125550101", "+12125550199");
    assertThat(updated.getString("timeZone")).isEqualTo("America/New_York");
    assertThat(updated.getJsonObject("attributes").getString("plan")).isEqualTo("platinum");
    assertThat(updated.getLong("version")).isEqualTo(2);
    // the number the update added is the contact's now: a contact of its own with it is refused
    Res taken = api.post(BASE + "/" + list + "/contacts", sam, new JsonObject().put("displayName", "Hal")
        .put("phones", new JsonArray().add("+1 212 555 0199")).encode());
    assertThat(taken.status()).as(taken.body()).isEqualTo(409);
    assertThat(taken.fields()).containsExactly("phones");
  }

  @Test
  void aWrongHeaderImportsNothingAndOtherBodiesAreRefused() {
    String list = newList("wrong header");
    Res r = api.csv(BASE + "/" + list + "/import", sam, "nombre,phone\nAnn,+12125550101\n");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("header");
    assertThat(r.json().getString("detail")).contains("'nombre'").contains("nothing was imported");
    assertThat(contacts(list)).isEmpty();
    assertThat(api.send("POST", BASE + "/" + list + "/import", sam, "application/json", "{}").status())
        .isEqualTo(415);
    assertThat(api.csv(BASE + "/" + list + "/import", sam, "name,phone\n" + "Ann,+12125550101\n".repeat(7000))
        .status()).as("contacts.import-max-bytes").isEqualTo(413);
    Res notUtf8 = api.send("POST", BASE + "/" + list + "/import", sam, "text/csv",
        new String(new byte[] {'n', 'a', 'm', 'e', ',', (byte) 0xff}, java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(notUtf8.status()).isEqualTo(400);
    assertThat(api.csv(BASE + "/00000000-0000-0000-0000-000000000000/import", sam, "name,phone\nA,+12125550101\n")
        .status()).isEqualTo(404);
  }

  @Test
  void contactsOneByOneWithVersionsAndPages() {
    String list = newList("one by one");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Res r = api.post(BASE + "/" + list + "/contacts", sam, new JsonObject().put("displayName", "C" + i)
          .put("phones", new JsonArray().add(String.format("+4420794600%02d", i))).encode());
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(r.json().getString("timeZone")).isEqualTo("Europe/London");
      assertThat(r.json().getString("listId")).isEqualTo(list);
      ids.add(r.json().getString("id"));
    }
    Res page = api.get(BASE + "/" + list + "/contacts?limit=5", sam);
    assertThat(page.json().getJsonArray("items")).hasSize(5);
    Res second = api.get(BASE + "/" + list + "/contacts?limit=5&after=" + page.json().getString("next"), sam);
    assertThat(second.json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(ids.get(5));
    assertThat(contacts(list)).extracting(c -> c.getString("id")).containsExactlyElementsOf(ids);
    assertThat(api.get(BASE + "/" + list + "/contacts?after=x", sam).fields()).containsExactly("after");

    String one = BASE + "/" + list + "/contacts/" + ids.get(0);
    JsonObject edit = new JsonObject().put("displayName", "C0 renamed").put("phones", new JsonArray()
        .add("+442079460000")).put("timeZone", "Europe/Dublin");
    assertThat(api.put(one, sam, edit.encode(), "If-Match", "\"7\"").status()).isEqualTo(412);
    Res put = api.put(one, sam, edit.encode(), "If-Match", "\"1\"");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.header("ETag")).isEqualTo("\"2\"");
    assertThat(api.get(one, sam).json().getString("timeZone")).isEqualTo("Europe/Dublin");
    Res bad = api.put(one, sam, new JsonObject().put("displayName", "x").put("phones", new JsonArray().add("12"))
        .put("shoeSize", 9).encode());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.fields()).contains("phones.0", "shoeSize");
    assertThat(api.delete(one, sam).status()).isEqualTo(204);
    assertThat(api.get(one, sam).status()).isEqualTo(404);
    // its number is free again
    assertThat(api.post(BASE + "/" + list + "/contacts", sam, new JsonObject().put("displayName", "New")
        .put("phones", new JsonArray().add("+442079460000")).encode()).status()).isEqualTo(201);
  }

  @Test
  void listsAreNamedOncePerTenantAndDeletedWithTheirContacts() {
    String list = newList("to delete");
    assertThat(api.csv(BASE + "/" + list + "/import", sam, "name,phone\nA,+12125550111\nB,+12125550112\n")
        .json().getLong("created")).isEqualTo(2);
    Res twice = api.post(BASE, sam, new JsonObject().put("name", "to delete").encode());
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.fields()).containsExactly("name");
    Res unknown = api.post(BASE, sam, new JsonObject().put("name", "x").put("owner", "me").encode());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.fields()).containsExactly("owner");
    assertThat(api.post(BASE, sam, "{}").fields()).containsExactly("name");
    Res renamed = api.put(BASE + "/" + list, sam, new JsonObject().put("name", "renamed").encode(), "If-Match",
        "\"1\"");
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.json().getLong("version")).isEqualTo(2);
    assertThat(api.get(BASE, sam).json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("name"))).contains("renamed").doesNotContain("to delete");
    assertThat(api.delete(BASE + "/" + list, sam, "If-Match", "\"1\"").status()).isEqualTo(412);
    assertThat(api.delete(BASE + "/" + list, sam).status()).isEqualTo(204);
    assertThat(api.get(BASE + "/" + list, sam).status()).isEqualTo(404);
    assertThat(api.get(BASE + "/" + list + "/contacts", sam).status()).isEqualTo(404);
  }

  @Test
  void theDoNotCallListTakesNumbersAsTypedWithReasonsAndExpiries() {
    String dnc = "/api/v1/do-not-call/";
    Res put = api.put(dnc + "(212)%20555-0142", sam, new JsonObject().put("reason", "asked by phone")
        .put("expiresAt", "2031-01-01T00:00:00Z").encode());
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json().getString("phone")).isEqualTo("+12125550142");
    assertThat(put.json().getString("addedBy")).isEqualTo("sam");
    assertThat(api.get(dnc + "+12125550142", admin).json().getString("reason")).isEqualTo("asked by phone");
    assertThat(api.put(dnc + "+12125550143", admin, "{}").status()).isEqualTo(200);
    Res page = api.get("/api/v1/do-not-call?limit=1", sam);
    assertThat(page.json().getJsonArray("items").getJsonObject(0).getString("phone")).isEqualTo("+12125550142");
    assertThat(api.get("/api/v1/do-not-call?limit=1&after=" + page.json().getString("next"), sam).json()
        .getJsonArray("items").getJsonObject(0).getString("phone")).isEqualTo("+12125550143");

    assertThat(api.put(dnc + "12", sam, "{}").fields()).containsExactly("number");
    assertThat(api.put(dnc + "+12125550144", sam, "{\"expiresAt\":\"tomorrow\"}").fields())
        .containsExactly("expiresAt");
    assertThat(api.put(dnc + "+12125550144", sam, "{\"why\":\"x\"}").fields()).containsExactly("why");
    assertThat(api.get(dnc + "+12125550142", alice).status()).as("an agent").isEqualTo(403);
    assertThat(api.get(dnc + "+12125550142", olga).status()).as("another tenant's list").isEqualTo(404);
    assertThat(api.delete(dnc + "212-555-0142", sam).status()).isEqualTo(204);
    assertThat(api.get(dnc + "+12125550142", sam).status()).isEqualTo(404);
    assertThat(api.delete(dnc + "+12125550142", sam).status()).isEqualTo(404);
    assertThat(api.delete(dnc + "+12125550143", sam).status()).isEqualTo(204);

    Res imported = api.csv("/api/v1/do-not-call/import", sam, """
        reason,phone,expires_at
        complaint,(212) 555-0150,
        ,+12125550151,2031-01-01T00:00:00Z
        bad,12,
        again,212-555-0150,
        late,+12125550152,someday
        """);
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(imported.json().getLong("rows")).isEqualTo(5);
    assertThat(imported.json().getLong("added")).isEqualTo(2);
    assertThat(imported.json().getLong("rejectedRows")).isEqualTo(2);
    assertThat(imported.json().getJsonArray("rejected").stream().map(o -> ((JsonObject) o).getString("column")))
        .containsExactly("phone", "expires_at");
    assertThat(api.get(dnc + "+12125550150", sam).json().getString("reason")).as("its last row counts")
        .isEqualTo("again");
    assertThat(api.get(dnc + "+12125550151", sam).json().getString("expiresAt")).isEqualTo("2031-01-01T00:00:00Z");
    Res header = api.csv("/api/v1/do-not-call/import", sam, "number\n+12125550153\n");
    assertThat(header.status()).isEqualTo(400);
    assertThat(header.fields()).containsExactly("header");
    assertThat(api.get(dnc + "+12125550153", sam).status()).isEqualTo(404);
    assertThat(api.csv("/api/v1/do-not-call/import", alice, "phone\n+12125550154\n").status()).isEqualTo(403);
  }

  @Test
  void onlySupervisorsAndAdminsOfTheTenant() {
    String list = newList("roles");
    assertThat(api.get(BASE, alice).status()).as("an agent").isEqualTo(403);
    assertThat(api.csv(BASE + "/" + list + "/import", alice, "name,phone\nA,+12125550101\n").status())
        .isEqualTo(403);
    assertThat(api.get(BASE, null).status()).isEqualTo(401);
    assertThat(api.get(BASE + "/" + list, olga).status()).as("another tenant's list").isEqualTo(404);
    assertThat(api.csv(BASE + "/" + list + "/import", olga, "name,phone\nA,+12125550101\n").status())
        .isEqualTo(404);
    assertThat(api.get(BASE, olga).json().getJsonArray("items")).isEmpty();
    assertThat(api.get(BASE + "/" + list, admin).status()).isEqualTo(200);
  }
}
