package io.switchboard.directory;

import static io.switchboard.directory.Await.refusal;
import static io.switchboard.directory.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.CredentialStore.StoredUser;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.directory.DirectoryException.Reason;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The directory's Java API against a real Redis: CRUD, versions, references, usernames, credentials, paging. */
class DirectoryIT {
  static final String T = "acme";
  static Vertx vertx;
  static RedisConnections redis;
  static PasswordHasher hasher = new PasswordHasher(4);
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
    result(dir.createTenant(T));
  }

  static JsonObject json(String s) {
    return new JsonObject(s);
  }

  void seed() {
    result(dir.create(T, Kind.SKILL, "sales", json("{\"name\":\"Sales\"}")));
    result(dir.create(T, Kind.SKILL, "support", json("{\"name\":\"Support\"}")));
    result(dir.create(T, Kind.TEAM, "tier1", json("{\"name\":\"Tier 1\"}")));
    result(dir.create(T, Kind.QUEUE, "support", json("{\"name\":\"Support\",\"requiredSkills\":{\"support\":1}}")));
  }

  @Test
  void crudOfEveryKind() {
    seed();
    result(dir.create(T, Kind.BUSINESS_HOURS, "office", json("{\"name\":\"Office\",\"timezone\":\"Europe/London\","
        + "\"weekly\":[{\"day\":\"mon\",\"open\":\"08:00\",\"close\":\"18:00\"}]}")));
    Directory.Written agent = result(dir.create(T, Kind.AGENT, "alice", json("{\"username\":\"alice\","
        + "\"skills\":{\"sales\":3},\"team\":\"tier1\",\"queues\":[\"support\"],\"languages\":[\"en\",\"es\"]}")));
    Directory.Written number = result(dir.create(T, Kind.PHONE_NUMBER, null,
        json("{\"number\":\"+15550100\",\"queue\":\"support\"}")));
    result(dir.create(T, Kind.TRUNK, "carrier", json(TRUNK)));
    result(dir.create(T, Kind.FLOW, "main", json("{\"name\":\"Main\",\"start\":\"q\","
        + "\"nodes\":[{\"id\":\"q\",\"type\":\"queue\",\"queue\":\"support\"}]}")));
    result(dir.put(T, Kind.DIAL_POLICY, "default", json("{\"defaultCountry\":\"US\",\"trunk\":\"carrier\"}"), null));
    result(dir.create(T, Kind.WEBHOOK, "crm", json("{\"name\":\"CRM\",\"url\":\"https://crm.example/h\","
        + "\"events\":[\"*\"],\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}")));
    assertThat(result(dir.webhookSecret(T, "crm"))).contains("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    result(dir.create(T, Kind.AWAY_REASON, "coaching", json("{\"label\":\"Coaching\"}")));
    result(dir.create(T, Kind.CHAT_BOT, "helper", json("{\"name\":\"Helper\",\"queues\":[\"support\"],"
        + "\"intents\":[{\"name\":\"hi\",\"phrases\":[\"hello\"],\"webhook\":{\"url\":\"https://crm.example/b\"}}],"
        + "\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}")));
    assertThat(result(dir.chatBotSecret(T, "helper"))).contains("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    result(dir.create(T, Kind.CANNED_RESPONSE, "hi", json("{\"title\":\"Hi\",\"text\":\"Hi {customer.name}\","
        + "\"queues\":[\"support\"]}")));
    result(dir.create(T, Kind.SCORECARD, "standard", json("{\"name\":\"Standard\",\"sections\":[{\"title\":\"All\","
        + "\"weight\":100,\"questions\":[{\"id\":\"greet\",\"text\":\"Greeted?\",\"type\":\"yes-no\","
        + "\"weight\":1}]}]}")));
    assertThat(agent.created()).isTrue();
    assertThat(agent.version()).isEqualTo(1);
    assertThat(number.id()).isEqualTo("15550100");

    for (Kind k : Kind.values()) {
      assertThat(result(dir.list(T, k, null, 50)).items()).as(k.wire()).isNotEmpty();
    }
    JsonObject read = result(dir.get(T, Kind.AGENT, "alice")).orElseThrow();
    assertThat(read.getLong("version")).isEqualTo(1);
    assertThat(read.getJsonObject("skills").getInteger("sales")).isEqualTo(3);

    Directory.Written replaced = result(dir.put(T, Kind.QUEUE, "support",
        json("{\"name\":\"Support desk\",\"priority\":7}"), IfMatch.version(1)));
    assertThat(replaced.version()).isEqualTo(2);
    assertThat(replaced.created()).isFalse();
    assertThat(replaced.object().getInteger("priority")).isEqualTo(7);
    assertThat(replaced.object().getInteger("wrapUpSeconds")).isEqualTo(30);

    assertThat(result(dir.delete(T, Kind.PHONE_NUMBER, "15550100", null))).isEqualTo(1);
    assertThat(result(dir.get(T, Kind.PHONE_NUMBER, "15550100"))).isEmpty();
    assertThat(refusal(dir.delete(T, Kind.PHONE_NUMBER, "15550100", null)).reason()).isEqualTo(Reason.NOT_FOUND);
    result(dir.delete(T, Kind.WEBHOOK, "crm", null));
    assertThat(result(dir.webhookSecret(T, "crm"))).as("the key goes with the webhook").isEmpty();
  }

  @Test
  void putIsIdempotentAndHonoursVersions() {
    String body = "{\"name\":\"Sales\",\"description\":\"sells\"}";
    Directory.Written first = result(dir.put(T, Kind.SKILL, "sales", json(body), null));
    Directory.Written second = result(dir.put(T, Kind.SKILL, "sales", json(body), null));
    assertThat(first.created()).isTrue();
    assertThat(second.changed()).isFalse();
    assertThat(second.version()).isEqualTo(1);
    assertThat(second.object()).isEqualTo(first.object());

    assertThat(refusal(dir.put(T, Kind.SKILL, "sales", json("{\"name\":\"X\"}"), IfMatch.version(5))).reason())
        .isEqualTo(Reason.VERSION_MISMATCH);
    assertThat(refusal(dir.put(T, Kind.SKILL, "nope", json("{\"name\":\"X\"}"), IfMatch.ANY)).reason())
        .isEqualTo(Reason.VERSION_MISMATCH);
    // a "version" in the body is a precondition too (a GET result can be PUT back safely)
    assertThat(refusal(dir.put(T, Kind.SKILL, "sales", json("{\"name\":\"X\",\"version\":9}"), null)).reason())
        .isEqualTo(Reason.VERSION_MISMATCH);
    assertThat(result(dir.put(T, Kind.SKILL, "sales", json("{\"name\":\"X\",\"version\":1}"), null)).version())
        .isEqualTo(2);
    assertThat(refusal(dir.create(T, Kind.SKILL, "sales", json("{\"name\":\"Y\"}"))).reason())
        .isEqualTo(Reason.ALREADY_EXISTS);
    assertThat(refusal(dir.delete(T, Kind.SKILL, "sales", IfMatch.version(1))).reason())
        .isEqualTo(Reason.VERSION_MISMATCH);
    assertThat(result(dir.delete(T, Kind.SKILL, "sales", IfMatch.version(2)))).isEqualTo(2);
  }

  @Test
  void missingReferencesAreNamedAndNothingIsWritten() {
    seed();
    Map<String, String> before = RedisSnapshot.take();
    DirectoryException e = refusal(dir.create(T, Kind.AGENT, "bob", json("{\"username\":\"bob\","
        + "\"skills\":{\"sales\":2,\"juggling\":3},\"team\":\"tier9\",\"queues\":[\"support\",\"nope\"],"
        + "\"password\":\"long enough\"}")));
    assertThat(e.reason()).isEqualTo(Reason.INVALID);
    assertThat(e.violations()).containsExactlyInAnyOrder(
        new Violation("skills.juggling", "no such skill 'juggling'"),
        new Violation("team", "no such team 'tier9'"),
        new Violation("queues.1", "no such queue 'nope'"));
    assertThat(RedisSnapshot.take()).isEqualTo(before);

    DirectoryException q = refusal(dir.create(T, Kind.QUEUE, "q2", json("{\"name\":\"Q\",\"overflowQueue\":\"gone\","
        + "\"businessHours\":\"never\"}")));
    assertThat(q.violations()).extracting(Violation::field).containsExactlyInAnyOrder("overflowQueue", "businessHours");
  }

  @Test
  void takenUsernameIsRefusedAndLeavesRedisUnchanged() {
    result(dir.create(T, Kind.AGENT, "alice", json("{\"username\":\"alice\",\"password\":\"alice-secret\"}")));
    result(dir.create(T, Kind.AGENT, "bob", json("{\"username\":\"bob\",\"password\":\"bob-secret1\"}")));
    Map<String, String> before = RedisSnapshot.take();

    DirectoryException e = refusal(dir.create(T, Kind.AGENT, "alice2",
        json("{\"username\":\"alice\",\"password\":\"other-secret\"}")));
    assertThat(e.reason()).isEqualTo(Reason.USERNAME_TAKEN);
    assertThat(e.violations()).extracting(Violation::field).containsExactly("username");
    assertThat(refusal(dir.put(T, Kind.AGENT, "bob", json("{\"username\":\"alice\",\"password\":\"new-secret\"}"),
        null)).reason()).isEqualTo(Reason.USERNAME_TAKEN);
    assertThat(RedisSnapshot.take()).isEqualTo(before);
  }

  @Test
  void renamingAnAgentFreesItsOldUsername() {
    result(dir.create(T, Kind.AGENT, "a1", json("{\"username\":\"old\",\"password\":\"password1\"}")));
    result(dir.put(T, Kind.AGENT, "a1", json("{\"username\":\"new\"}"), null));
    assertThat(result(dir.findByUsername(T, "old"))).isEmpty();
    StoredUser u = result(dir.findByUsername(T, "new")).orElseThrow();
    assertThat(hasher.verify("password1", u.passwordHash())).as("password kept by a PUT without one").isTrue();
    result(dir.create(T, Kind.AGENT, "a2", json("{\"username\":\"old\"}")));
    assertThat(result(dir.findByUsername(T, "old")).orElseThrow().id()).isEqualTo("a2");
    assertThat(result(dir.findByUsername(T, "old")).orElseThrow().passwordHash()).isNull();
  }

  @Test
  void credentialStoreAndPasswordChanges() {
    result(dir.create(T, Kind.AGENT, "carol", json("{\"username\":\"carol\",\"roles\":[\"agent\",\"supervisor\"],"
        + "\"password\":\"carol-pass\"}")));
    StoredUser u = result(dir.findByUsername(T, "carol")).orElseThrow();
    assertThat(u.tenant()).isEqualTo(T);
    assertThat(u.id()).isEqualTo("carol");
    assertThat(u.roles()).containsExactlyInAnyOrder(Role.AGENT, Role.SUPERVISOR);
    assertThat(u.enabled()).isTrue();
    assertThat(u.passwordHash()).startsWith("$2y$");
    assertThat(hasher.verify("carol-pass", u.passwordHash())).isTrue();
    assertThat(result(dir.get(T, Kind.AGENT, "carol")).orElseThrow().encode()).doesNotContain("password", "$2y$");

    String same = "{\"username\":\"carol\",\"roles\":[\"agent\",\"supervisor\"],\"password\":\"carol-pass\"}";
    assertThat(result(dir.put(T, Kind.AGENT, "carol", json(same), null)).changed()).isFalse();
    assertThat(result(dir.findByUsername(T, "carol")).orElseThrow().passwordHash()).isEqualTo(u.passwordHash());
    String epoch = Keys.tokenEpoch(T, "carol");
    assertThat(RedisSnapshot.take()).as("no change, no revocation").doesNotContainKey(epoch);

    Directory.Written changed = result(dir.put(T, Kind.AGENT, "carol", json(same.replace("carol-pass", "new-pass-1")
        .replace("}", ",\"enabled\":false}")), null));
    assertThat(changed.version()).isEqualTo(2);
    StoredUser after = result(dir.findById(T, "carol")).orElseThrow();
    assertThat(hasher.verify("new-pass-1", after.passwordHash())).isTrue();
    assertThat(after.enabled()).isFalse();
    assertThat(RedisSnapshot.take()).as("new password and disabled: tokens revoked").containsEntry(epoch, "string 1");
    assertThat(result(dir.findByUsername("other", "carol"))).isEmpty();
    assertThat(result(dir.findById(T, "nobody"))).isEmpty();

    result(dir.delete(T, Kind.AGENT, "carol", null));
    assertThat(result(dir.findByUsername(T, "carol"))).isEmpty();
    // Only the token epoch stays (raised again by the delete), so a re-created carol starts above every old token.
    assertThat(RedisSnapshot.take()).containsEntry(epoch, "string 2");
    assertThat(RedisSnapshot.take().keySet()).filteredOn(k -> k.contains("carol")).containsExactly(epoch);
  }

  @Test
  void changingAnAgentsRolesRevokesItsTokensButOtherEditsDoNot() {
    String body = "{\"username\":\"dora\",\"roles\":[\"agent\"],\"displayName\":\"Dora\"}";
    result(dir.create(T, Kind.AGENT, "dora", json(body)));
    result(dir.put(T, Kind.AGENT, "dora", json(body.replace("Dora", "Dora D.")), null));
    assertThat(RedisSnapshot.take()).doesNotContainKey(Keys.tokenEpoch(T, "dora"));
    result(dir.put(T, Kind.AGENT, "dora", json(body.replace("[\"agent\"]", "[\"agent\",\"admin\"]")), null));
    assertThat(RedisSnapshot.take()).containsEntry(Keys.tokenEpoch(T, "dora"), "string 1");
  }

  static final String TRUNK = "{\"name\":\"Carrier\",\"addresses\":[{\"host\":\"198.51.100.7\"}],"
      + "\"allowedSources\":[\"198.51.100.0/24\"],\"numbers\":[\"+15550100\"],"
      + "\"digest\":{\"username\":\"acme\",\"password\":\"carrier-secret\",\"realm\":\"sip.example\"}}";

  @Test
  void trunkPasswordIsWriteOnlyStoredApartAndKeptByAPutWithoutOne() {
    Directory.Written created = result(dir.create(T, Kind.TRUNK, "carrier", json(TRUNK)));
    assertThat(created.object().encode()).doesNotContain("carrier-secret", "password");
    assertThat(result(dir.get(T, Kind.TRUNK, "carrier")).orElseThrow().encode()).doesNotContain("carrier-secret");
    assertThat(result(dir.trunkPassword(T, "carrier"))).contains("carrier-secret");
    Map<String, String> redisNow = RedisSnapshot.take();
    assertThat(redisNow.get("sb:{acme}:dir:trunk:carrier")).doesNotContain("carrier-secret");
    assertThat(redisNow.get("sb:{acme}:trunk-secret:carrier")).contains("carrier-secret");

    // same body, same password: unchanged; without the password: kept, and still unchanged
    assertThat(result(dir.put(T, Kind.TRUNK, "carrier", json(TRUNK), null)).changed()).isFalse();
    String noPassword = TRUNK.replace("\"password\":\"carrier-secret\",", "");
    assertThat(result(dir.put(T, Kind.TRUNK, "carrier", json(noPassword), null)).changed()).isFalse();
    assertThat(result(dir.trunkPassword(T, "carrier"))).contains("carrier-secret");
    // a new password alone is a change (new version), so Terraform and the node see it
    Directory.Written rotated = result(dir.put(T, Kind.TRUNK, "carrier",
        json(TRUNK.replace("carrier-secret", "rotated-secret")), null));
    assertThat(rotated.version()).isEqualTo(2);
    assertThat(result(dir.trunkPassword(T, "carrier"))).contains("rotated-secret");
    // digest null removes the credentials
    result(dir.put(T, Kind.TRUNK, "carrier", json(TRUNK.replaceAll("\"digest\":\\{[^}]*}", "\"digest\":null")), null));
    assertThat(result(dir.trunkPassword(T, "carrier"))).isEmpty();

    // a digest without password where none is stored is refused, naming the field, writing nothing
    Map<String, String> before = RedisSnapshot.take();
    DirectoryException e = refusal(dir.put(T, Kind.TRUNK, "carrier", json(noPassword), null));
    assertThat(e.violations()).extracting(Violation::field).containsExactly("digest.password");
    assertThat(refusal(dir.create(T, Kind.TRUNK, "other", json(noPassword))).violations())
        .extracting(Violation::field).containsExactly("digest.password");
    assertThat(RedisSnapshot.take()).isEqualTo(before);

    result(dir.put(T, Kind.TRUNK, "carrier", json(TRUNK), null));
    result(dir.delete(T, Kind.TRUNK, "carrier", null));
    assertThat(result(dir.trunkPassword(T, "carrier"))).isEmpty();
    assertThat(RedisSnapshot.take().keySet()).noneMatch(k -> k.contains("carrier"));
  }

  @Test
  void referencedObjectsCannotBeDeleted() {
    seed();
    result(dir.create(T, Kind.AGENT, "alice", json("{\"username\":\"alice\",\"skills\":{\"sales\":3},"
        + "\"team\":\"tier1\",\"queues\":[\"support\"]}")));
    result(dir.create(T, Kind.PHONE_NUMBER, null, json("{\"number\":\"+15550100\",\"queue\":\"support\"}")));

    DirectoryException skill = refusal(dir.delete(T, Kind.SKILL, "support", null));
    assertThat(skill.reason()).isEqualTo(Reason.REFERENCED);
    assertThat(skill.getMessage()).contains("queue 'support'");
    DirectoryException queue = refusal(dir.delete(T, Kind.QUEUE, "support", null));
    assertThat(queue.getMessage()).contains("agent 'alice'", "phone-number '15550100'");
    assertThat(refusal(dir.delete(T, Kind.TEAM, "tier1", null)).getMessage()).contains("agent 'alice'");

    // dropping the references (replace, delete) releases them
    result(dir.put(T, Kind.AGENT, "alice", json("{\"username\":\"alice\",\"skills\":{\"sales\":3}}"), null));
    result(dir.delete(T, Kind.TEAM, "tier1", null));
    result(dir.delete(T, Kind.PHONE_NUMBER, "15550100", null));
    result(dir.delete(T, Kind.QUEUE, "support", null));
    result(dir.delete(T, Kind.SKILL, "support", null));
    assertThat(refusal(dir.delete(T, Kind.SKILL, "sales", null)).getMessage()).contains("agent 'alice'");
    assertThat(RedisSnapshot.take().keySet()).noneMatch(k -> k.contains(":refs:queue:") || k.contains(":refs:team:"));
  }

  @Test
  void listPagesInIdOrderAcrossPages() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      String id = String.format("s%02d", i);
      ids.add(id);
      result(dir.create(T, Kind.SKILL, id, json("{\"name\":\"S" + i + "\"}")));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Directory.Page page = result(dir.list(T, Kind.SKILL, cursor, 10));
      page.items().forEach(o -> seen.add(o.getString("id")));
      cursor = page.next();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(ids);
    Directory.Page exact = result(dir.list(T, Kind.SKILL, null, 23));
    assertThat(exact.items()).hasSize(23);
    assertThat(exact.next()).isNull();
    assertThat(refusal(dir.list(T, Kind.SKILL, null, 201)).violations()).extracting(Violation::field)
        .containsExactly("limit");
  }

  @Test
  void nothingIsWrittenInATenantThatDoesNotExist() {
    Map<String, String> before = RedisSnapshot.take();
    assertThat(refusal(dir.create("ghost", Kind.SKILL, "s", json("{\"name\":\"S\"}"))).reason())
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(refusal(dir.create("Bad{Tenant}", Kind.SKILL, "s", json("{\"name\":\"S\"}"))).reason())
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(RedisSnapshot.take()).isEqualTo(before);
    assertThat(result(dir.tenantExists("ghost"))).isFalse();
    assertThat(result(dir.tenantExists(T))).isTrue();
  }
}
