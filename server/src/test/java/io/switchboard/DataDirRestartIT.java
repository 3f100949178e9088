package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.support.ChildNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does with the README's command (a node in its own JVM through {@link Main}, embedded Redis, demo
 * data, a generated admin password), with the data directory in a temp folder: changes made through the admin API,
 * the admin's password, the users' tokens (the JWT secret generated on the first start is kept in the embedded Redis)
 * and refresh sessions all survive a stop (SIGTERM) and a SIGKILL; the demo data is not loaded again; a second node
 * given the same directory refuses to start and says why.
 */
class DataDirRestartIT {
  static final Pattern GENERATED = Pattern.compile("generated password: (\\S+)");
  final HttpClient http = HttpClient.newHttpClient();
  ChildNode node;
  ChildNode intruder;

  @AfterEach
  void stopNodes() throws Exception {
    for (ChildNode n : new ChildNode[] {intruder, node}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void aRestartKeepsQueuesPasswordsTokensAndDoesNotReloadTheDemo(@TempDir Path tmp) throws Exception {
    Path dataDir = tmp.resolve("data");
    Map<String, String> settings = Map.of("data.dir", dataDir.toString());
    node = ChildNode.start("first", settings);
    Matcher printed = GENERATED.matcher(node.output());
    assertThat(printed.find()).as("first start prints the admin password:\n" + node.output()).isTrue();
    String adminPassword = printed.group(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("redis"))))
        .isEqualTo("rwx------");

    String admin = login(node, "admin", adminPassword).getString("accessToken");
    assertThat(send(node, "PUT", "/api/v1/queues/vip", admin, new JsonObject().put("name", "VIP")
        .put("serviceLevel", new JsonObject().put("percent", 90).put("seconds", 15))).statusCode()).isEqualTo(201);
    assertThat(send(node, "DELETE", "/api/v1/agents/dave", admin, null).statusCode()).isEqualTo(204);
    JsonObject bob = login(node, "bob", "switchboard");

    assertThatThrownBy(() -> intruder = ChildNode.start("intruder", settings))
        .hasMessageContaining("data directory " + dataDir + " is in use by another Switchboard node (pid ")
        .hasMessageContaining("SWITCHBOARD_DATA_DIR");
    assertThat(ids(node, admin, "queues")).as("the first node is untouched").contains("vip");

    node.close();  // SIGTERM, as Ctrl-C
    node = ChildNode.start("second", settings);
    assertThat(node.output()).as("no new password").doesNotContain("generated password");
    assertKept(node, adminPassword, admin, bob);

    node.kill();  // SIGKILL: the embedded redis-server is left running; the next start stops it and loads its data
    node.close();
    node = ChildNode.start("third", settings);
    assertThat(node.output()).contains("left running by a node that was killed").doesNotContain("generated password");
    assertKept(node, adminPassword, admin, bob);
  }

  private void assertKept(ChildNode n, String adminPassword, String oldAdminToken, JsonObject bob) throws Exception {
    String admin = login(n, "admin", adminPassword).getString("accessToken");
    assertThat(ids(n, admin, "queues")).containsExactlyInAnyOrder("support", "sales", "billing", "vip");
    HttpResponse<String> vip = send(n, "GET", "/api/v1/queues/vip", admin, null);
    assertThat(new JsonObject(vip.body()).getJsonObject("serviceLevel").getInteger("percent")).isEqualTo(90);
    assertThat(ids(n, admin, "agents")).as("dave stays deleted: the demo data is not loaded again")
        .containsExactlyInAnyOrder("admin", "alice", "bob", "carol", "mona", "sam", "terry");
    assertThat(send(n, "GET", "/api/v1/queues", oldAdminToken, null).statusCode())
        .as("an access token from before the restart: the JWT secret is kept").isEqualTo(200);
    assertThat(send(n, "GET", "/api/v1/agents/bob", bob.getString("accessToken"), null).statusCode())
        .as("the agent's token").isEqualTo(200);
    HttpResponse<String> refreshed = send(n, "POST", "/api/v1/auth/refresh", null,
        new JsonObject().put("refreshToken", bob.getString("refreshToken")));
    assertThat(refreshed.statusCode()).as("the agent's refresh session: " + refreshed.body()).isEqualTo(200);
    bob.put("refreshToken", new JsonObject(refreshed.body()).getString("refreshToken"));  // rotated
  }

  private JsonObject login(ChildNode n, String user, String password) throws Exception {
    HttpResponse<String> r = send(n, "POST", "/api/v1/auth/login", null, new JsonObject()
        .put("tenant", "demo").put("username", user).put("password", password));
    assertThat(r.statusCode()).as("login of " + user + ": " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private java.util.List<String> ids(ChildNode n, String token, String kind) throws Exception {
    HttpResponse<String> r = send(n, "GET", "/api/v1/" + kind + "?limit=100", token, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray items = new JsonObject(r.body()).getJsonArray("items");
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private HttpResponse<String> send(ChildNode n, String method, String path, String token, JsonObject body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
