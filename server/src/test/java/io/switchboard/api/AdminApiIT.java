package io.switchboard.api;

import static io.switchboard.directory.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.ApiServer.Caller;
import io.switchboard.api.ApiServer.Res;
import io.switchboard.directory.RedisSnapshot;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin REST API over real HTTP and a real Redis, with the header-based test guard. */
class AdminApiIT {
  static final String T = "acme";
  static final Caller ADMIN = new Caller(T, "root", "admin");
  static final Caller SUPERVISOR = new Caller(T, "sam", "supervisor");
  static final Caller AGENT = new Caller(T, "alice", "agent");
  static final int MAX_BODY = 4096;
  static ApiServer api;

  @BeforeAll
  static void start() {
    api = new ApiServer(MAX_BODY);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void clean() {
    TestRedis.flushAll();
    result(api.directory.createTenant(T));
  }

  private static Res admin(String method, String path, String body) {
    return api.as(ADMIN).send(method, path, body);
  }

  /** One object of each kind, in an order that satisfies references. */
  static final List<String[]> SAMPLES = List.of(
      new String[] {"skills", "sales", "{\"id\":\"sales\",\"name\":\"Sales\"}", "{\"name\":\"Sales 2\"}"},
      new String[] {"teams", "tier1", "{\"id\":\"tier1\",\"name\":\"Tier 1\"}", "{\"name\":\"Tier one\"}"},
      new String[] {"business-hours", "office", "{\"id\":\"office\",\"name\":\"Office\",\"timezone\":\"UTC\","
          + "\"weekly\":[{\"day\":\"mon\",\"open\":\"08:00\",\"close\":\"18:00\"}],\"holidays\":[\"2026-12-25\"]}",
          "{\"name\":\"Office\",\"timezone\":\"Europe/London\"}"},
      new String[] {"queues", "support", "{\"id\":\"support\",\"name\":\"Support\",\"requiredSkills\":{\"sales\":2},"
          + "\"businessHours\":\"office\"}", "{\"name\":\"Support\",\"priority\":9}"},
      new String[] {"agents", "alice", "{\"id\":\"alice\",\"username\":\"alice\",\"skills\":{\"sales\":4},"
          + "\"team\":\"tier1\",\"queues\":[\"support\"],\"languages\":[\"en\"],\"password\":\"alice-pass\"}",
          "{\"username\":\"alice\",\"displayName\":\"Alice A.\"}"},
      new String[] {"phone-numbers", "15550100", "{\"number\":\"+15550100\",\"queue\":\"support\"}",
          "{\"number\":\"+15550100\",\"queue\":\"support\",\"description\":\"main line\"}"},
      new String[] {"trunks", "carrier", "{\"id\":\"carrier\",\"name\":\"Carrier\",\"transport\":\"tls\","
          + "\"addresses\":[{\"host\":\"sip.example.com\",\"port\":5061},{\"host\":\"2001:db8::10\"}],"
          + "\"allowedSources\":[\"198.51.100.0/24\",\"2001:db8::/32\"],\"numbers\":[\"+15550100\"],"
          + "\"digest\":{\"username\":\"acme\",\"password\":\"carrier-secret\",\"realm\":\"sip.example.com\"},"
          + "\"maxConcurrentCalls\":30,\"region\":\"eu-west\"}",
          "{\"name\":\"Carrier\",\"addresses\":[{\"host\":\"sip.example.com\"}],\"allowedSources\":[\"198.51.100.7\"],"
          + "\"digest\":{\"username\":\"acme\"},\"enabled\":false}"});

  @Test
  void crudOfEveryKind() {
    for (String[] s : SAMPLES) {
      String base = "/api/v1/" + s[0];
      Res created = admin("POST", base, s[2]);
      assertThat(created.status()).as(base + " " + created).isEqualTo(201);
      assertThat(created.header("Location")).isEqualTo(base + "/" + s[1]);
      assertThat(created.header("ETag")).isEqualTo("\"1\"");
      assertThat(created.json().getString("id")).isEqualTo(s[1]);
      assertThat(created.json().containsKey("password")).isFalse();
      assertThat(created.raw().body()).doesNotContain("secret");

      Res read = admin("GET", base + "/" + s[1], null);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.json()).isEqualTo(created.json());

      Res listed = admin("GET", base, null);
      assertThat(listed.json().getJsonArray("items")).hasSize(1);
      assertThat(listed.json().getValue("next")).isNull();
    }
    for (String[] s : SAMPLES) {
      Res replaced = admin("PUT", "/api/v1/" + s[0] + "/" + s[1], s[3]);
      assertThat(replaced.status()).as(s[0] + " " + replaced).isEqualTo(200);
      assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
    }
    List<String[]> reversed = new ArrayList<>(SAMPLES);
    java.util.Collections.reverse(reversed);
    for (String[] s : reversed) {
      String path = "/api/v1/" + s[0] + "/" + s[1];
      assertThat(admin("DELETE", path, null).status()).as(path).isEqualTo(204);
      Res gone = admin("GET", path, null);
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.contentType()).isEqualTo(Problem.CONTENT_TYPE);
      assertThat(admin("DELETE", path, null).status()).isEqualTo(404);
    }
  }

  static final String TRUNK = "{\"name\":\"Carrier\",\"addresses\":[{\"host\":\"192.0.2.10\"}],"
      + "\"allowedSources\":[\"192.0.2.0/24\"],\"digest\":{\"username\":\"acme\",\"password\":\"carrier-secret\"}}";

  @Test
  void trunkDigestPasswordIsWriteOnlyAndKeptByAPutWithoutIt() {
    Res created = admin("PUT", "/api/v1/trunks/carrier", TRUNK);
    assertThat(created.status()).isEqualTo(201);
    JsonObject t = created.json();
    assertThat(t.getString("transport")).isEqualTo("udp");
    assertThat(t.getJsonArray("addresses").getJsonObject(0).getInteger("port")).isEqualTo(5060);
    assertThat(t.getInteger("maxConcurrentCalls")).isEqualTo(100);
    assertThat(t.getBoolean("enabled")).isTrue();
    assertThat(t.getJsonObject("digest").fieldNames()).containsExactlyInAnyOrder("username", "realm");
    for (Res r : List.of(admin("GET", "/api/v1/trunks/carrier", null), admin("GET", "/api/v1/trunks", null))) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw().body()).doesNotContain("carrier-secret", "password");
    }
    Map<String, String> redis = RedisSnapshot.take();
    assertThat(redis.get("sb:{acme}:dir:trunk:carrier")).doesNotContain("carrier-secret");
    assertThat(redis.get("sb:{acme}:trunk-secret:carrier")).contains("carrier-secret");

    Res kept = admin("PUT", "/api/v1/trunks/carrier", TRUNK.replace(",\"password\":\"carrier-secret\"", "")
        .replace("}}", "},\"maxConcurrentCalls\":5}"));
    assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
    assertThat(kept.header("ETag")).isEqualTo("\"2\"");
    assertThat(result(api.directory.trunkPassword(T, "carrier"))).contains("carrier-secret");
    assertThat(admin("PUT", "/api/v1/trunks/carrier", TRUNK.replace("carrier-secret", "rotated-1")).header("ETag"))
        .isEqualTo("\"3\"");
    assertThat(result(api.directory.trunkPassword(T, "carrier"))).contains("rotated-1");
    assertThat(api.as(SUPERVISOR).get("/api/v1/trunks/carrier").status()).isEqualTo(200);
    assertThat(api.as(SUPERVISOR).put("/api/v1/trunks/carrier", TRUNK).status()).isEqualTo(403);
    assertThat(api.as(AGENT).get("/api/v1/trunks/carrier").status()).isEqualTo(403);
  }

  /** Away reasons: admins write them; supervisors and agents (the softphone's status control) read them. */
  @Test
  void awayReasonsAreReadByAgentsAndWrittenByAdmins() {
    assertThat(admin("PUT", "/api/v1/away-reasons/coaching", "{\"label\":\"Coaching\"}").status()).isEqualTo(201);
    for (Caller reader : List.of(AGENT, SUPERVISOR)) {
      Res list = api.as(reader).get("/api/v1/away-reasons");
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().getJsonArray("items").getJsonObject(0).getString("label")).isEqualTo("Coaching");
      assertThat(api.as(reader).get("/api/v1/away-reasons/coaching").status()).isEqualTo(200);
      assertThat(api.as(reader).put("/api/v1/away-reasons/nap", "{\"label\":\"Nap\"}").status()).isEqualTo(403);
      assertThat(api.as(reader).delete("/api/v1/away-reasons/coaching").status()).isEqualTo(403);
    }
    assertThat(api.as(AGENT).get("/api/v1/agents/sam").status()).as("still only its own profile").isEqualTo(403);
    Res reserved = admin("PUT", "/api/v1/away-reasons/rejected", "{\"label\":\"Rejected\"}");
    assertThat(reserved.status()).isEqualTo(400);
    assertThat(reserved.fields()).containsExactly("id");
    assertThat(admin("DELETE", "/api/v1/away-reasons/coaching", null).status()).isEqualTo(204);
  }

  @Test
  void trunkValidationNamesTheFieldsAndWritesNothing() {
    Map<String, String> before = RedisSnapshot.take();
    Res bad = admin("POST", "/api/v1/trunks", "{\"id\":\"t\",\"name\":\"T\",\"transport\":\"ws\","
        + "\"addresses\":[{\"host\":\"a.example\"},{\"host\":\"b.example\",\"port\":70000}],"
        + "\"allowedSources\":[\"10.0.0.0/8\",\"not-an-ip\"],\"numbers\":[\"0800\"],\"maxConcurrentCalls\":0}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.fields()).containsExactlyInAnyOrder("transport", "addresses.1.port", "allowedSources.1",
        "numbers.0", "maxConcurrentCalls");
    Res noPassword = admin("POST", "/api/v1/trunks", TRUNK.replace(",\"password\":\"carrier-secret\"", ""));
    assertThat(noPassword.status()).isEqualTo(400);
    assertThat(noPassword.fields()).containsExactly("digest.password");
    assertThat(RedisSnapshot.take()).isEqualTo(before);
  }

  @Test
  void postGeneratesAnIdWhenTheBodyHasNone() {
    Res created = admin("POST", "/api/v1/teams", "{\"name\":\"Night shift\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(id).matches("[a-z0-9]{12}");
    assertThat(created.header("Location")).isEqualTo("/api/v1/teams/" + id);
    assertThat(admin("POST", "/api/v1/teams", "{\"id\":\"" + id + "\",\"name\":\"again\"}").status()).isEqualTo(409);
  }

  @Test
  void listsPageWithOpaqueCursors() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add("t" + i);
      assertThat(admin("PUT", "/api/v1/teams/t" + i, "{\"name\":\"T" + i + "\"}").status()).isEqualTo(201);
    }
    List<String> seen = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      Res page = admin("GET", "/api/v1/teams?limit=3" + (next == null ? "" : "&cursor=" + next), null);
      assertThat(page.status()).isEqualTo(200);
      page.json().getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("id")));
      next = page.json().getString("next");
      pages++;
    } while (next != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(ids);
    assertThat(admin("GET", "/api/v1/teams", null).json().getJsonArray("items")).hasSize(7);
    assertThat(admin("GET", "/api/v1/teams?limit=0", null).fields()).containsExactly("limit");
    assertThat(admin("GET", "/api/v1/teams?limit=201", null).fields()).containsExactly("limit");
    assertThat(admin("GET", "/api/v1/teams?cursor=%21%21", null).fields()).containsExactly("cursor");
  }

  @Test
  void etagsAndPreconditions() {
    admin("PUT", "/api/v1/skills/s1", "{\"name\":\"S\"}");
    Res notModified = api.as(SUPERVISOR).header("If-None-Match", "\"1\"").get("/api/v1/skills/s1");
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
    assertThat(api.as(SUPERVISOR).header("If-None-Match", "\"7\"").get("/api/v1/skills/s1").status()).isEqualTo(200);

    Res stale = api.as(ADMIN).header("If-Match", "\"9\"").put("/api/v1/skills/s1", "{\"name\":\"X\"}");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.contentType()).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(stale.json().getString("detail")).contains("current version is 1");
    Res fresh = api.as(ADMIN).header("If-Match", "\"1\"").put("/api/v1/skills/s1", "{\"name\":\"X\"}");
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.header("ETag")).isEqualTo("\"2\"");
    assertThat(api.as(ADMIN).header("If-Match", "*").put("/api/v1/skills/none", "{\"name\":\"X\"}").status())
        .isEqualTo(412);
    assertThat(api.as(ADMIN).header("If-Match", "yesterday").put("/api/v1/skills/s1", "{\"name\":\"X\"}").fields())
        .containsExactly("If-Match");
    assertThat(api.as(ADMIN).header("If-Match", "\"1\"").delete("/api/v1/skills/s1").status()).isEqualTo(412);
    assertThat(api.as(ADMIN).header("If-Match", "\"2\"").delete("/api/v1/skills/s1").status()).isEqualTo(204);
  }

  @Test
  void putTwiceIsIdempotent() {
    String body = "{\"name\":\"Support\",\"strategy\":\"round-robin\",\"serviceLevel\":{\"seconds\":30}}";
    Res first = admin("PUT", "/api/v1/queues/support", body);
    Res second = admin("PUT", "/api/v1/queues/support", body);
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.header("ETag")).isEqualTo("\"1\"");
    assertThat(second.json()).isEqualTo(first.json());
    assertThat(first.json().getJsonObject("serviceLevel").encode()).isEqualTo("{\"percent\":80,\"seconds\":30}");
  }

  @Test
  void afterHoursAndSpecialDaysAreValidatedAsProblemsNamingTheField() {
    Res bad = admin("POST", "/api/v1/queues", "{\"id\":\"ah\",\"name\":\"Q\",\"afterHours\":\"call-back\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(bad.fields()).containsExactly("afterHours");
    Res hours = admin("POST", "/api/v1/business-hours", "{\"id\":\"xmas\",\"name\":\"X\",\"timezone\":\"UTC\","
        + "\"specialDays\":[{\"date\":\"2026-12-24\",\"open\":\"12:00\",\"close\":\"09:00\"}]}");
    assertThat(hours.status()).isEqualTo(400);
    assertThat(hours.fields()).containsExactly("specialDays.0.close");
    Res ok = admin("POST", "/api/v1/business-hours", "{\"id\":\"xmas\",\"name\":\"X\",\"timezone\":\"UTC\","
        + "\"specialDays\":[{\"date\":\"2026-12-24\",\"open\":\"09:00\",\"close\":\"12:00\"}]}");
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.json().getJsonArray("specialDays").getJsonObject(0).getString("close")).isEqualTo("12:00");
    Res queue = admin("POST", "/api/v1/queues", "{\"id\":\"ah\",\"name\":\"Q\",\"businessHours\":\"xmas\"}");
    assertThat(queue.status()).isEqualTo(201);
    assertThat(queue.json().getString("afterHours")).isEqualTo("goodbye");
  }

  @Test
  void validationErrorsNameTheFields() {
    Res bad = admin("POST", "/api/v1/queues", "{\"id\":\"q\",\"name\":\"Q\",\"serviceLevel\":{\"seconds\":0},"
        + "\"noAnswerSeconds\":1,\"strategy\":\"coin-toss\",\"regionWideningSeconds\":-1}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(bad.fields()).containsExactlyInAnyOrder("serviceLevel.seconds", "noAnswerSeconds", "strategy",
        "regionWideningSeconds");
    assertThat(admin("POST", "/api/v1/queues", "{\"id\":\"q\",\"name\":\"Q\",\"regionWideningSeconds\":\"5\"}")
        .fields()).containsExactly("regionWideningSeconds");
    Res off = admin("PUT", "/api/v1/queues/anywhere", "{\"name\":\"Q\",\"regionWideningSeconds\":0}");
    assertThat(off.status()).isEqualTo(201);
    assertThat(off.json().getInteger("regionWideningSeconds")).isZero();

    Res missingSkill = admin("POST", "/api/v1/agents", "{\"username\":\"bob\",\"skills\":{\"sales\":2}}");
    assertThat(missingSkill.status()).isEqualTo(400);
    assertThat(missingSkill.json().getString("detail")).isEqualTo("skills.sales: no such skill 'sales'");
    assertThat(admin("PUT", "/api/v1/teams/t1", "{\"id\":\"t2\",\"name\":\"T\"}").fields()).containsExactly("id");
    assertThat(admin("PUT", "/api/v1/teams/Bad%20Id", "{\"name\":\"T\"}").fields()).containsExactly("id");
  }

  @Test
  void strictJsonBodies() {
    Res dup = admin("POST", "/api/v1/teams", "{\"name\":\"A\",\"name\":\"B\"}");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.fields()).containsExactly("name");
    assertThat(dup.json().getString("detail")).contains("duplicate");
    Res unknown = admin("POST", "/api/v1/queues", "{\"name\":\"Q\",\"serviceLevel\":{\"percent\":80,\"secs\":3}}");
    assertThat(unknown.fields()).containsExactly("serviceLevel.secs");
    assertThat(unknown.json().getJsonArray("errors").getJsonObject(0).getString("message")).isEqualTo("unknown field");
    assertThat(admin("POST", "/api/v1/teams", "{\"name\":").status()).isEqualTo(400);
    assertThat(admin("POST", "/api/v1/teams", "[1,2]").status()).isEqualTo(400);
    assertThat(admin("POST", "/api/v1/teams", "{\"name\":\"A\"} trailing").status()).isEqualTo(400);
    assertThat(admin("POST", "/api/v1/teams", "").status()).isEqualTo(400);
    assertThat(admin("GET", "/api/v1/teams", null).json().getJsonArray("items")).isEmpty();
  }

  @Test
  void transportErrorsAreProblems() {
    String big = "{\"name\":\"" + "x".repeat(MAX_BODY) + "\"}";
    Res tooLarge = admin("POST", "/api/v1/teams", big);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.contentType()).isEqualTo(Problem.CONTENT_TYPE);
    Res text = api.as(ADMIN).header("Content-Type", "text/plain").post("/api/v1/teams", "{\"name\":\"A\"}");
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.contentType()).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(api.as(ADMIN).header("Content-Type", "application/json; charset=utf-8")
        .post("/api/v1/teams", "{\"name\":\"A\"}").status()).isEqualTo(201);
    Res unknown = admin("GET", "/api/v1/nothing-here", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).isEqualTo(Problem.CONTENT_TYPE);
    Res patch = admin("PATCH", "/api/v1/teams/x", "{}");
    assertThat(patch.status()).isEqualTo(405);
    assertThat(patch.header("Allow")).isEqualTo("GET, PUT, DELETE");
    Res doc = api.anonymous().get("/api/v1/openapi.json");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.json().getString("openapi")).isEqualTo("3.1.0");
  }

  @Test
  void rolesDecideWhoMayDoWhat() {
    admin("PUT", "/api/v1/skills/s1", "{\"name\":\"S\"}");
    admin("PUT", "/api/v1/agents/alice", "{\"username\":\"alice\"}");
    admin("PUT", "/api/v1/agents/bob", "{\"username\":\"bob\"}");

    assertThat(api.anonymous().get("/api/v1/skills").status()).isEqualTo(401);
    assertThat(api.anonymous().get("/api/v1/agents/alice").status()).isEqualTo(401);

    var agent = api.as(AGENT);
    assertThat(agent.get("/api/v1/agents/alice").status()).isEqualTo(200);
    assertThat(agent.get("/api/v1/agents/bob").status()).isEqualTo(403);
    assertThat(agent.get("/api/v1/agents").status()).isEqualTo(403);
    assertThat(agent.get("/api/v1/skills/s1").status()).isEqualTo(403);
    assertThat(agent.get("/api/v1/skills").status()).isEqualTo(403);
    assertThat(agent.post("/api/v1/skills", "{\"name\":\"S\"}").status()).isEqualTo(403);
    assertThat(agent.put("/api/v1/agents/alice", "{\"username\":\"alice\",\"roles\":[\"admin\"]}").status())
        .isEqualTo(403);
    assertThat(agent.delete("/api/v1/skills/s1").status()).isEqualTo(403);

    var supervisor = api.as(SUPERVISOR);
    assertThat(supervisor.get("/api/v1/agents").status()).isEqualTo(200);
    assertThat(supervisor.get("/api/v1/agents/bob").status()).isEqualTo(200);
    assertThat(supervisor.get("/api/v1/skills/s1").status()).isEqualTo(200);
    assertThat(supervisor.put("/api/v1/skills/s1", "{\"name\":\"T\"}").status()).isEqualTo(403);
    assertThat(supervisor.delete("/api/v1/skills/s1").status()).isEqualTo(403);

    assertThat(admin("GET", "/api/v1/skills/s1", null).json().getString("name")).isEqualTo("S");
    assertThat(admin("GET", "/api/v1/agents/alice", null).json().getJsonArray("roles").getList())
        .containsExactly("agent");
  }

  @Test
  void conflictsNameTheProblemAndWriteNothing() {
    admin("PUT", "/api/v1/skills/sales", "{\"name\":\"Sales\"}");
    admin("PUT", "/api/v1/agents/alice", "{\"username\":\"alice\",\"skills\":{\"sales\":3},\"password\":\"pass-word\"}");
    Map<String, String> before = RedisSnapshot.take();

    Res taken = admin("POST", "/api/v1/agents", "{\"id\":\"alice2\",\"username\":\"alice\",\"password\":\"x-password\"}");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.fields()).containsExactly("username");
    Res referenced = admin("DELETE", "/api/v1/skills/sales", null);
    assertThat(referenced.status()).isEqualTo(409);
    assertThat(referenced.json().getString("detail")).contains("agent 'alice'");
    assertThat(RedisSnapshot.take()).isEqualTo(before);
  }
}
