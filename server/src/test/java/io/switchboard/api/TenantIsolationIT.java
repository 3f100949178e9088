package io.switchboard.api;

import static io.switchboard.directory.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.ApiServer.Caller;
import io.switchboard.api.ApiServer.Res;
import io.switchboard.directory.RedisSnapshot;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A principal of tenant A can neither read, list, update nor delete tenant B's objects, and learns nothing
 * about their existence (404, never 403). Written against the {@link RouteGuard} contract with the test
 * guard; after the merge the same checks run with real tokens.
 */
class TenantIsolationIT {
  static final Caller ADMIN_A = new Caller("tenant-a", "root", "admin,supervisor");
  static final Caller ADMIN_B = new Caller("tenant-b", "root", "admin");
  static final Caller AGENT_A = new Caller("tenant-a", "alice", "agent");
  static ApiServer api;

  @BeforeAll
  static void start() {
    api = new ApiServer(1 << 20);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void seedTenantB() {
    TestRedis.flushAll();
    result(api.directory.createTenant("tenant-a"));
    result(api.directory.createTenant("tenant-b"));
    var b = api.as(ADMIN_B);
    assertThat(b.put("/api/v1/skills/sales", "{\"name\":\"B sales\"}").status()).isEqualTo(201);
    assertThat(b.put("/api/v1/queues/support", "{\"name\":\"B support\",\"requiredSkills\":{\"sales\":1}}").status())
        .isEqualTo(201);
    assertThat(b.put("/api/v1/agents/alice", "{\"username\":\"alice\",\"skills\":{\"sales\":5},"
        + "\"password\":\"b-secret-1\"}").status()).isEqualTo(201);
    assertThat(b.post("/api/v1/phone-numbers", "{\"number\":\"+15550100\",\"queue\":\"support\"}").status())
        .isEqualTo(201);
    assertThat(b.put("/api/v1/trunks/carrier", "{\"name\":\"B carrier\",\"addresses\":[{\"host\":\"192.0.2.1\"}],"
        + "\"allowedSources\":[\"192.0.2.0/24\"],\"digest\":{\"username\":\"b\",\"password\":\"b-trunk-secret\"}}")
        .status()).isEqualTo(201);
  }

  @Test
  void tenantACannotReadOrListTenantBsObjects() {
    var a = api.as(ADMIN_A);
    for (String path : new String[] {"/api/v1/skills/sales", "/api/v1/queues/support", "/api/v1/agents/alice",
        "/api/v1/phone-numbers/15550100", "/api/v1/trunks/carrier"}) {
      Res r = a.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.raw().body()).doesNotContain("B ");
    }
    for (String list : new String[] {"/api/v1/skills", "/api/v1/queues", "/api/v1/agents", "/api/v1/phone-numbers",
        "/api/v1/trunks"}) {
      assertThat(a.get(list).json().getJsonArray("items")).as(list).isEmpty();
    }
    // an agent of A with the same id as B's agent sees only A's (absent) profile
    assertThat(api.as(AGENT_A).get("/api/v1/agents/alice").status()).isEqualTo(404);
  }

  @Test
  void tenantACannotChangeOrDeleteTenantBsObjects() {
    Map<String, String> bBefore = tenantKeys("tenant-b");
    var a = api.as(ADMIN_A);
    for (String path : new String[] {"/api/v1/skills/sales", "/api/v1/queues/support", "/api/v1/agents/alice",
        "/api/v1/phone-numbers/15550100", "/api/v1/trunks/carrier"}) {
      assertThat(a.delete(path).status()).as(path).isEqualTo(404);
      assertThat(a.header("If-Match", "\"1\"").delete(path).status()).as(path).isEqualTo(404);
    }
    // If-Match on B's version: the object does not exist in A, so the precondition fails without touching B
    assertThat(api.as(ADMIN_A).header("If-Match", "\"1\"").put("/api/v1/skills/sales", "{\"name\":\"hijack\"}")
        .status()).isEqualTo(412);
    // references resolve inside the caller's tenant only: B's skill and queue do not exist for A
    Res agent = a.put("/api/v1/agents/mallory", "{\"username\":\"mallory\",\"skills\":{\"sales\":5}}");
    assertThat(agent.status()).isEqualTo(400);
    assertThat(agent.fields()).containsExactly("skills.sales");
    assertThat(a.post("/api/v1/phone-numbers", "{\"number\":\"+15550100\",\"queue\":\"support\"}").fields())
        .containsExactly("queue");
    // the same ids in A are A's own objects; B's are untouched
    assertThat(a.put("/api/v1/skills/sales", "{\"name\":\"A sales\"}").status()).isEqualTo(201);
    assertThat(a.put("/api/v1/agents/alice", "{\"username\":\"alice\",\"password\":\"a-secret-1\"}").status())
        .isEqualTo(201);
    // a digest without password would keep B's stored one if tenants leaked: in A there is none to keep
    assertThat(a.put("/api/v1/trunks/carrier", "{\"name\":\"A\",\"addresses\":[{\"host\":\"192.0.2.1\"}],"
        + "\"allowedSources\":[\"192.0.2.0/24\"],\"digest\":{\"username\":\"b\"}}").fields())
        .containsExactly("digest.password");
    assertThat(result(api.directory.trunkPassword("tenant-a", "carrier"))).isEmpty();
    assertThat(tenantKeys("tenant-b")).isEqualTo(bBefore);
    JsonObject bSkill = api.as(ADMIN_B).get("/api/v1/skills/sales").json();
    assertThat(bSkill.getString("name")).isEqualTo("B sales");
    assertThat(result(api.directory.findByUsername("tenant-b", "alice")).orElseThrow().passwordHash())
        .isNotEqualTo(result(api.directory.findByUsername("tenant-a", "alice")).orElseThrow().passwordHash());
  }

  private static Map<String, String> tenantKeys(String tenant) {
    Map<String, String> all = RedisSnapshot.take();
    all.keySet().removeIf(k -> !k.startsWith("sb:{" + tenant + "}"));
    assertThat(all).isNotEmpty();
    return all;
  }
}
