package io.switchboard.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** HTTP to a node's API on loopback, with a bearer token; answers as {@link Res}. Thread-safe. */
public final class ApiClient {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;

  public ApiClient(int port) {
    this.port = port;
  }

  /** An answer: status, body and headers. */
  public record Res(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** The names of the problem's bad fields. */
    public List<String> fields() {
      List<String> out = new ArrayList<>();
      json().getJsonArray("errors", new JsonArray()).forEach(e -> out.add(((JsonObject) e).getString("field")));
      return out;
    }
  }

  /** {@code headers}: name, value, name, value... */
  public Res send(String method, String path, String token, String type, String body, String... headers) {
    return exchange(method, path, token, type,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body), headers);
  }

  /** A binary body (an uploaded WAV, say). */
  public Res sendBytes(String method, String path, String token, String type, byte[] body) {
    return exchange(method, path, token, type, HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private Res exchange(String method, String path, String token, String type, HttpRequest.BodyPublisher body,
      String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(120))
        .method(method, body);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed", e);
    }
  }

  public Res get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  public Res post(String path, String token, String json) {
    return send("POST", path, token, "application/json", json);
  }

  public Res put(String path, String token, String json, String... headers) {
    return send("PUT", path, token, "application/json", json, headers);
  }

  public Res delete(String path, String token, String... headers) {
    return send("DELETE", path, token, null, null, headers);
  }

  public Res csv(String path, String token, String csv) {
    return send("POST", path, token, "text/csv; charset=utf-8", csv);
  }
}
