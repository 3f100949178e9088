package io.switchboard.terraform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.Node;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A real Switchboard node (embedded Redis and PostgreSQL keeping nothing: no data directory, so nothing is read from
 * or written to the user's home; a free port) for the provider's integration tests, with a service token
 * made the way an admin would: log in as the bootstrap admin, POST /api/v1/service-tokens.
 */
public final class LiveNode implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "terraform-it-admin-pw";

  private final Node node;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String endpoint;
  private final String serviceToken;

  private LiveNode(Node node) throws IOException, InterruptedException {
    this.node = node;
    this.endpoint = "http://127.0.0.1:" + node.httpPort();
    String access = send("POST", "/api/v1/auth/login", null,
        "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body().path("accessToken").asText();
    this.serviceToken = send("POST", "/api/v1/service-tokens", access,
        "{\"name\":\"terraform-it\",\"roles\":[\"admin\"]}").body().path("token").asText();
    if (serviceToken.isEmpty()) {
      throw new IllegalStateException("no service token from " + endpoint);
    }
  }

  public static LiveNode start() throws Exception {
    Node node = Node.start(SwitchboardConfig.from(Settings.of(Map.of(
        "http.port", "0",
        "data.dir", "",
        "bootstrap.admin.password", ADMIN_PASSWORD,
        "demo.data", "false"))), System.out);
    return new LiveNode(node);
  }

  public String endpoint() {
    return endpoint;
  }

  public String serviceToken() {
    return serviceToken;
  }

  public record Reply(int status, JsonNode body) {}

  /** An admin API call with the service token. */
  public Reply api(String method, String path, String jsonBody) throws IOException, InterruptedException {
    return send(method, path, serviceToken, jsonBody);
  }

  /** The object, or null when the API answers 404. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    Reply r = api("GET", path, null);
    if (r.status() == 404) {
      return null;
    }
    if (r.status() != 200) {
      throw new IllegalStateException("GET " + path + " -> " + r.status() + " " + r.body());
    }
    return r.body();
  }

  /**
   * A binary exchange with the service token (a prompt's WAV): the body sent with {@code type} (null: none), the
   * answer's bytes; fails unless the status is 2xx.
   */
  public byte[] bytes(String method, String path, String type, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", "Bearer " + serviceToken);
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + new String(r.body()));
    }
    return r.body();
  }

  private Reply send(String method, String path, String bearer, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
  }

  @Override
  public void close() {
    node.stop();
  }
}
