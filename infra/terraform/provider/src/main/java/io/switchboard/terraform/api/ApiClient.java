package io.switchboard.terraform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Switchboard admin API ({@code <endpoint>/api/v1}) as the provider uses it: one object at a time, by
 * collection ("queues") and id, authenticated with a service token. Thread-safe: Terraform calls the provider
 * concurrently (10 resources at a time by default).
 *
 * <p>Uses HttpURLConnection (kept-alive connections are pooled by the JDK) rather than java.net.http.HttpClient:
 * the latter keeps a selector thread in native code, which makes every JVM exit wait 300 ms, and the provider
 * exits 3-4 times per Terraform command.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String authorization;
  private final int timeoutMs;

  /**
   * @param endpoint the node's base URL, e.g. {@code https://switchboard.example.com} (a trailing {@code /api/v1}
   *                 is accepted too)
   * @param token    a service token ({@code sbk_...}); never logged
   */
  public ApiClient(String endpoint, String token, Duration timeout) {
    String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.base = e.endsWith("/api/v1") ? e : e + "/api/v1";
    this.authorization = "Bearer " + token;
    this.timeoutMs = (int) timeout.toMillis();
  }

  /** The object, or null when it does not exist (404). */
  public JsonNode get(String collection, String id) throws ApiException {
    Response r = send("GET", collection, id, null, null);
    if (r.status == 404) {
      return null;
    }
    return r.orThrow();
  }

  /** Creates with POST (an id in the body is used; without one the server generates it). 409 if the id is taken. */
  public JsonNode create(String collection, ObjectNode body) throws ApiException {
    return send("POST", collection, null, body, null).orThrow();
  }

  /**
   * Replaces the object with PUT.
   *
   * @param expectedVersion the version the caller last saw, sent as If-Match so a change made since then fails
   *                        (412) instead of being overwritten; null to replace unconditionally
   */
  public JsonNode replace(String collection, String id, ObjectNode body, Long expectedVersion) throws ApiException {
    return send("PUT", collection, id, body, expectedVersion == null ? null : "\"" + expectedVersion + "\"").orThrow();
  }

  /**
   * POSTs a non-JSON body to an action of one object ({@code <collection>/<id>/<action>}, e.g. a contact list's
   * {@code import} with {@code text/csv}) and returns the JSON answer.
   */
  public JsonNode postTo(String collection, String id, String action, String contentType, byte[] body)
      throws ApiException {
    return send("POST", collection, id, action, null, contentType, body).orThrow();
  }

  /** Deletes; an object already gone counts as deleted. */
  public void delete(String collection, String id) throws ApiException {
    Response r = send("DELETE", collection, id, null, null);
    if (r.status != 404) {
      r.orThrow();
    }
  }

  private Response send(String method, String collection, String id, ObjectNode body, String ifMatch)
      throws ApiException {
    try {
      return body == null ? send(method, collection, id, null, ifMatch, null, null)
          : send(method, collection, id, null, ifMatch, "application/json", JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** {@code id} is URL-encoded; {@code action} (after a '/', already safe) is appended as it is. */
  private Response send(String method, String collection, String id, String action, String ifMatch,
      String contentType, byte[] bytes) throws ApiException {
    String path = base + "/" + collection + (id == null ? "" : "/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
        + (action == null ? "" : "/" + action);
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(path).toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(timeoutMs);
      c.setReadTimeout(timeoutMs);
      c.setUseCaches(false);
      c.setRequestProperty("Authorization", authorization);
      c.setRequestProperty("Accept", "application/json");
      if (ifMatch != null) {
        c.setRequestProperty("If-Match", ifMatch);
      }
      if (bytes != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", contentType);
        c.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(bytes);
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] answer = in == null ? new byte[0] : readAll(in);
      return new Response(method + " " + URI.create(path).getPath(), status, answer);
    } catch (IOException e) {
      if (c != null) {
        c.disconnect();
      }
      throw new ApiException(0, "cannot reach " + base, method + " " + path + ": " + e, List.of());
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes(); // reading to the end and closing returns the connection to the keep-alive pool
    }
  }

  private record Response(String where, int status, byte[] body) {
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
