package io.switchboard.terraform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Switchboard admin API ({@code <endpoint>/api/v1}) as the provider uses it: one object at a time, by
 * collection ("queues") and id, authenticated with a service token. Thread-safe: Terraform calls the provider
 * concurrently (10 resources at a time by default) and every call shares one HTTP client.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final String authorization;
  private final Duration timeout;

  /**
   * @param endpoint the node's base URL, e.g. {@code https://switchboard.example.com} (a trailing {@code /api/v1}
   *                 is accepted too)
   * @param token    a service token ({@code sbk_...}); never logged
   */
  public ApiClient(String endpoint, String token, Duration timeout) {
    String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.base = e.endsWith("/api/v1") ? e : e + "/api/v1";
    this.authorization = "Bearer " + token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** The object, or null when it does not exist (404). */
  public JsonNode get(String collection, String id) throws ApiException {
    Response r = send(request(collection, id).GET());
    if (r.status == 404) {
      return null;
    }
    return r.orThrow();
  }

  /** Creates with POST (an id in the body is used; without one the server generates it). 409 if the id is taken. */
  public JsonNode create(String collection, ObjectNode body) throws ApiException {
    return send(request(collection, null).POST(bodyOf(body)).header("Content-Type", "application/json")).orThrow();
  }

  /**
   * Replaces the object with PUT.
   *
   * @param expectedVersion the version the caller last saw, sent as If-Match so a change made since then fails
   *                        (412) instead of being overwritten; null to replace unconditionally
   */
  public JsonNode replace(String collection, String id, ObjectNode body, Long expectedVersion) throws ApiException {
    HttpRequest.Builder b = request(collection, id).PUT(bodyOf(body)).header("Content-Type", "application/json");
    if (expectedVersion != null) {
      b.header("If-Match", "\"" + expectedVersion + "\"");
    }
    return send(b).orThrow();
  }

  /** Deletes; an object already gone counts as deleted. */
  public void delete(String collection, String id) throws ApiException {
    Response r = send(request(collection, id).DELETE());
    if (r.status != 404) {
      r.orThrow();
    }
  }

  private HttpRequest.Builder request(String collection, String id) {
    String path = base + "/" + collection + (id == null ? "" : "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(path)).timeout(timeout)
        .header("Authorization", authorization).header("Accept", "application/json");
  }

  private static HttpRequest.BodyPublisher bodyOf(ObjectNode body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response send(HttpRequest.Builder b) throws ApiException {
    HttpRequest req = b.build();
    try {
      HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(req, resp.statusCode(), resp.body());
    } catch (IOException e) {
      throw new ApiException(0, "cannot reach " + base, e.toString(), List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted", req.method() + " " + req.uri().getPath(), List.of());
    }
  }

  private record Response(HttpRequest request, int status, byte[] body) {
    JsonNode orThrow() throws ApiException {
      JsonNode node = parse();
      if (status >= 200 && status < 300) {
        return node;
      }
      throw problem(node);
    }

    private JsonNode parse() {
      if (body == null || body.length == 0) {
        return null;
      }
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    private ApiException problem(JsonNode node) {
      String where = request.method() + " " + request.uri().getPath();
      if (node == null || !node.isObject()) {
        return new ApiException(status, "HTTP " + status, where, List.of());
      }
      List<ApiException.FieldError> errors = new ArrayList<>();
      node.path("errors").forEach(e -> errors.add(
          new ApiException.FieldError(e.path("field").asText(""), e.path("message").asText(""))));
      String title = node.path("title").asText("HTTP " + status);
      String detail = node.path("detail").asText("");
      return new ApiException(status, title, detail.isEmpty() ? where : detail + " (" + where + ")", errors);
    }
  }
}
