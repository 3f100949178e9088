package io.switchboard.directory;

import static io.switchboard.directory.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.CredentialStore.StoredUser;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** First start creates the tenant, admin and demo data; later starts change nothing. */
class BootstrapIT {
  static Vertx vertx;
  static RedisConnections redis;
  static final PasswordHasher hasher = new PasswordHasher(4);
  static Directory dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    dir = new Directory(vertx, redis, hasher);
  }

  @AfterAll
  static void stop() {
    redis.close();
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    TestRedis.flushAll();
  }

  static SwitchboardConfig config(Map<String, String> overrides) {
    return SwitchboardConfig.from(Settings.of(overrides));
  }

  static String run(SwitchboardConfig config) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    result(new Bootstrap(dir, config, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run());
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void firstStartPrintsAGeneratedAdminPasswordOnceAndLoadsDemoData() {
    SwitchboardConfig config = config(Map.of("demo.data", "true", "demo.password", "demo-pass-1",
        "sip.advertised-address", "192.0.2.7"));
    String printed = run(config);
    Matcher m = Pattern.compile("generated password: (\\S+)").matcher(printed);
    assertThat(m.find()).as(printed).isTrue();
    String password = m.group(1);
    assertThat(password.length()).isGreaterThanOrEqualTo(20);

    StoredUser admin = result(dir.findByUsername("demo", "admin")).orElseThrow();
    assertThat(admin.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.SUPERVISOR);
    assertThat(hasher.verify(password, admin.passwordHash())).isTrue();
    assertThat(result(dir.tenantExists("demo"))).isTrue();

    assertThat(ids(Kind.SKILL)).containsExactly("billing", "sales", "support");
    assertThat(ids(Kind.TEAM)).containsExactly("tier1");
    assertThat(ids(Kind.QUEUE)).containsExactly("billing", "sales", "support");
    assertThat(ids(Kind.DIAL_POLICY)).containsExactly("default");
    assertThat(ids(Kind.AGENT)).containsExactly("admin", "alice", "bob", "carol", "dave", "mona", "sam",
        "terry");
    assertThat(get(Kind.TEAM, "tier1").getString("leader")).as("a team leader for the demo agents")
        .isEqualTo("terry");
    assertThat(get(Kind.TEAM, "tier1").getString("manager")).isEqualTo("mona");
    assertThat(hasher.verify("demo-pass-1", result(dir.findByUsername("demo", "terry")).orElseThrow()
        .passwordHash())).as("the demo password, like the agents'").isTrue();
    assertThat(result(dir.findByUsername("demo", "mona")).orElseThrow().roles()).containsExactly(Role.MANAGER);
    assertThat(ids(Kind.BUSINESS_HOURS)).containsExactly("always", "office");
    assertThat(ids(Kind.PHONE_NUMBER)).containsExactly("15550100", "15550101", "15550102");
    assertThat(ids(Kind.TRUNK)).containsExactly("loopback");
    JsonObject trunk = get(Kind.TRUNK, "loopback");
    assertThat(trunk.getJsonArray("allowedSources").getList()).as("loopback and the node's own SIP address")
        .containsExactly("127.0.0.1/32", "::1/128", "192.0.2.7/32");
    assertThat(trunk.getJsonArray("addresses").encode()).isEqualTo("[{\"host\":\"127.0.0.1\",\"port\":5070}]");
    assertThat(trunk.getString("transport")).isEqualTo("udp");
    assertThat(trunk.getJsonArray("numbers").getList()).containsExactly("+15550100", "+15550101", "+15550102");

    JsonObject support = get(Kind.QUEUE, "support");
    assertThat(support.getString("strategy")).isEqualTo("longest-idle");
    assertThat(support.getJsonObject("serviceLevel").encode()).isEqualTo("{\"percent\":80,\"seconds\":20}");
    assertThat(support.getJsonObject("goals").encode())
        .isEqualTo("{\"asaSeconds\":20,\"abandonPercent\":5,\"ahtSeconds\":300}");
    assertThat(support.getInteger("wrapUpSeconds")).isEqualTo(30);
    assertThat(support.getInteger("noAnswerSeconds")).isEqualTo(20);
    JsonObject sales = get(Kind.QUEUE, "sales");
    assertThat(sales.getString("strategy")).isEqualTo("round-robin");
    assertThat(sales.getInteger("priority")).isEqualTo(5);
    assertThat(get(Kind.QUEUE, "billing").getString("strategy")).isEqualTo("fewest-calls");

    JsonObject alice = get(Kind.AGENT, "alice");
    assertThat(alice.getJsonObject("skills").encode()).isEqualTo("{\"sales\":3,\"support\":5}");
    assertThat(alice.getJsonArray("languages").getList()).containsExactly("en", "es");
    assertThat(alice.getJsonArray("queues").getList()).containsExactly("support", "sales");
    assertThat(get(Kind.AGENT, "dave").getJsonObject("skills").encode()).isEqualTo("{\"billing\":2,\"support\":2}");
    assertThat(get(Kind.AGENT, "sam").getJsonArray("roles").getList()).containsExactly("supervisor");
    assertThat(get(Kind.PHONE_NUMBER, "15550101").getString("queue")).isEqualTo("sales");
    JsonObject office = get(Kind.BUSINESS_HOURS, "office");
    assertThat(office.getString("timezone")).isEqualTo("Europe/London");
    assertThat(office.getJsonArray("weekly")).hasSize(5);
    for (String user : List.of("alice", "bob", "carol", "dave", "sam")) {
      assertThat(hasher.verify("demo-pass-1", result(dir.findByUsername("demo", user)).orElseThrow().passwordHash()))
          .as(user).isTrue();
    }
  }

  @Test
  void secondStartChangesNothingAndPrintsNothing() {
    SwitchboardConfig config = config(Map.of("demo.data", "true"));
    run(config);
    // an operator's change must survive a restart
    result(dir.put("demo", Kind.AGENT, "bob", new JsonObject().put("username", "bob").put("enabled", false), null));
    result(dir.delete("demo", Kind.PHONE_NUMBER, "15550102", null));
    Map<String, String> before = RedisSnapshot.take();
    assertThat(run(config)).isEmpty();
    assertThat(run(config(Map.of("demo.data", "true", "bootstrap.admin.password", "another-pass")))).isEmpty();
    assertThat(RedisSnapshot.take()).isEqualTo(before);
  }

  @Test
  void configuredPasswordIsUsedAndNotPrintedAndDemoDataIsOptional() {
    String printed = run(config(Map.of("demo.data", "false", "bootstrap.admin.password", "configured-pass")));
    assertThat(printed).isEmpty();
    assertThat(hasher.verify("configured-pass", result(dir.findByUsername("demo", "admin")).orElseThrow()
        .passwordHash())).isTrue();
    assertThat(ids(Kind.AGENT)).containsExactly("admin");
    assertThat(ids(Kind.QUEUE)).isEmpty();
  }

  @Test
  void anInterruptedFirstStartIsCompletedWithoutOverwriting() {
    // a first start that died after creating the tenant and admin (no "bootstrapped" flag yet)
    result(dir.createTenant("demo"));
    result(dir.create("demo", Kind.AGENT, "admin", new JsonObject().put("username", "admin")
        .put("roles", new io.vertx.core.json.JsonArray().add("admin")).put("password", "first-run-pass")));
    String printed = run(config(Map.of("demo.data", "true")));
    assertThat(printed).doesNotContain("password:");
    assertThat(hasher.verify("first-run-pass", result(dir.findByUsername("demo", "admin")).orElseThrow()
        .passwordHash())).isTrue();
    assertThat(ids(Kind.AGENT)).hasSize(8);
  }

  private static List<String> ids(Kind kind) {
    return result(dir.list("demo", kind, null, 200)).items().stream().map(o -> o.getString("id")).toList();
  }

  private static JsonObject get(Kind kind, String id) {
    return result(dir.get("demo", kind, id)).orElseThrow();
  }
}
