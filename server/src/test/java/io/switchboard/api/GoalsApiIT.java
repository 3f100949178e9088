package io.switchboard.api;

import static io.switchboard.directory.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.ApiServer.Caller;
import io.switchboard.api.ApiServer.Res;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Goals of queues, teams and agents through the admin API over real HTTP and a real Redis: written with the
 * object, read back as written (unset goals null), replaced or removed by the next PUT, bad ones refused with
 * problem+json naming the field.
 */
class GoalsApiIT {
  static final String T = "acme";
  static final Caller ADMIN = new Caller(T, "root", "admin");
  static final Caller SUPERVISOR = new Caller(T, "sam", "supervisor");
  static ApiServer api;

  @BeforeAll
  static void start() {
    api = new ApiServer(4096);
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

  @Test
  void queueGoalsAreStoredReadBackAndReplaced() {
    Res put = admin("PUT", "/api/v1/queues/support", "{\"name\":\"Support\",\"serviceLevel\":{\"percent\":90,"
        + "\"seconds\":15},\"goals\":{\"asaSeconds\":25,\"abandonPercent\":4,\"ahtSeconds\":360}}");
    assertThat(put.status()).isEqualTo(201);
    JsonObject read = admin("GET", "/api/v1/queues/support", null).json();
    assertThat(read.getJsonObject("goals").encode())
        .isEqualTo("{\"asaSeconds\":25,\"abandonPercent\":4,\"ahtSeconds\":360}");
    assertThat(read.getJsonObject("serviceLevel").encode()).isEqualTo("{\"percent\":90,\"seconds\":15}");
    assertThat(api.as(SUPERVISOR).get("/api/v1/queues/support").json().getJsonObject("goals").getInteger("asaSeconds"))
        .isEqualTo(25);

    Res fewer = admin("PUT", "/api/v1/queues/support", "{\"name\":\"Support\",\"goals\":{\"abandonPercent\":0}}");
    assertThat(fewer.status()).isEqualTo(200);
    assertThat(admin("GET", "/api/v1/queues/support", null).json().getJsonObject("goals").encode())
        .isEqualTo("{\"asaSeconds\":null,\"abandonPercent\":0,\"ahtSeconds\":null}");

    assertThat(admin("PUT", "/api/v1/queues/support", "{\"name\":\"Support\"}").status()).isEqualTo(200);
    JsonObject none = admin("GET", "/api/v1/queues/support", null).json();
    assertThat(none.containsKey("goals")).isTrue();
    assertThat(none.getValue("goals")).isNull();
    assertThat(none.getLong("version")).isEqualTo(3);
  }

  @Test
  void teamAndAgentGoalsAreStoredWithThem() {
    assertThat(admin("PUT", "/api/v1/teams/tier1", "{\"name\":\"Tier 1\",\"goals\":{\"callsPerDay\":70,"
        + "\"ahtSeconds\":300}}").status()).isEqualTo(201);
    assertThat(admin("GET", "/api/v1/teams/tier1", null).json().getJsonObject("goals").encode())
        .isEqualTo("{\"callsPerDay\":70,\"ahtSeconds\":300}");
    assertThat(admin("POST", "/api/v1/agents", "{\"id\":\"alice\",\"username\":\"alice\",\"team\":\"tier1\","
        + "\"goals\":{\"callsPerDay\":90}}").status()).isEqualTo(201);
    assertThat(admin("GET", "/api/v1/agents/alice", null).json().getJsonObject("goals").encode())
        .isEqualTo("{\"callsPerDay\":90,\"ahtSeconds\":null}");
    assertThat(admin("GET", "/api/v1/teams", null).json().getJsonArray("items").getJsonObject(0)
        .getJsonObject("goals").getInteger("callsPerDay")).isEqualTo(70);
  }

  @Test
  void badGoalsAreRefusedNamingTheField() {
    Res bad = admin("PUT", "/api/v1/queues/support", "{\"name\":\"Support\",\"goals\":{\"asaSeconds\":0,"
        + "\"abandonPercent\":\"5\",\"ahtSeconds\":1.5,\"serviceLevelPercent\":80}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(bad.fields()).containsExactlyInAnyOrder("goals.asaSeconds", "goals.abandonPercent", "goals.ahtSeconds",
        "goals.serviceLevelPercent");
    assertThat(messageOf(bad, "goals.serviceLevelPercent")).isEqualTo("unknown field");
    assertThat(messageOf(bad, "goals.asaSeconds")).isEqualTo("must be an integer from 1 to 3600");
    assertThat(admin("GET", "/api/v1/queues/support", null).status()).isEqualTo(404); // nothing written

    assertThat(admin("PUT", "/api/v1/teams/t1", "{\"name\":\"T\",\"goals\":{\"callsPerDay\":-1}}").fields())
        .containsExactly("goals.callsPerDay");
    assertThat(admin("PUT", "/api/v1/teams/t1", "{\"name\":\"T\",\"goals\":\"high\"}").fields())
        .containsExactly("goals");
    assertThat(admin("PUT", "/api/v1/agents/bob", "{\"username\":\"bob\",\"goals\":{\"abandonPercent\":5}}")
        .fields()).containsExactly("goals.abandonPercent");
    assertThat(api.as(SUPERVISOR).put("/api/v1/teams/t1", "{\"name\":\"T\",\"goals\":{\"callsPerDay\":5}}").status())
        .isEqualTo(403);
  }

  private static String messageOf(Res r, String field) {
    var errors = r.json().getJsonArray("errors");
    for (int i = 0; i < errors.size(); i++) {
      if (errors.getJsonObject(i).getString("field").equals(field)) {
        return errors.getJsonObject(i).getString("message");
      }
    }
    return null;
  }
}
