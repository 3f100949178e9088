package io.switchboard.api;

import io.switchboard.auth.PasswordHasher;
import io.switchboard.directory.Directory;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real HTTP server on a free loopback port serving {@link AdminApi} with the {@link TestGuard}, over the
 * test Redis, and a blocking client whose calls carry a test principal. Close it after the test class.
 */
public final class ApiServer implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final RedisConnections redis = TestRedis.connect();
  public final Directory directory = new Directory(vertx, redis, new PasswordHasher(4));
  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiServer(int maxBodyBytes) {
    this(maxBodyBytes, (router, self) -> { });
  }

  /** @param more mounts more routes (another API, guarded by a {@link TestGuard}) before the admin API */
  public ApiServer(int maxBodyBytes, java.util.function.BiConsumer<Router, ApiServer> more) {
    Router router = Router.router(vertx);
    more.accept(router, this);
    new AdminApi(directory, new TestGuard(), new AdminApi.Options(maxBodyBytes)).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  /** Who is calling: tenant, subject (agent id) and roles ("admin", "agent,supervisor", ...). */
  public record Caller(String tenant, String subject, String roles) {}

  public Req as(Caller caller) {
    return new Req(caller);
  }

  public Req anonymous() {
    return new Req(null);
  }

  /** Builder of one request. */
  public final class Req {
    private final Caller caller;
    private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

    Req(Caller caller) {
      this.caller = caller;
    }

    /** A copy of this request builder with one more header (this one is left as it is). */
    public Req header(String name, String value) {
      Req copy = new Req(caller);
      copy.headers.putAll(headers);
      copy.headers.put(name, value);
      return copy;
    }

    public Res get(String path) {
      return send("GET", path, null);
    }

    public Res delete(String path) {
      return send("DELETE", path, null);
    }

    public Res post(String path, String json) {
      return send("POST", path, json);
    }

    public Res put(String path, String json) {
      return send("PUT", path, json);
    }

    public Res send(String method, String path, String body) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
          .timeout(Duration.ofSeconds(10))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (body != null && !headers.containsKey("Content-Type")) {
        b.header("Content-Type", "application/json");
      }
      if (caller != null) {
        b.header("X-Test-Tenant", caller.tenant()).header("X-Test-Subject", caller.subject())
            .header("X-Test-Roles", caller.roles());
      }
      headers.forEach(b::header);
      try {
        return new Res(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
      } catch (IOException | InterruptedException e) {
        throw new RuntimeException(e);
      }
    }
  }

  /** A response with helpers. */
  public record Res(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public JsonObject json() {
      return new JsonObject(raw.body());
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    /** The problem's errors[].field values. */
    public java.util.List<String> fields() {
      var errors = json().getJsonArray("errors");
      java.util.List<String> out = new java.util.ArrayList<>();
      if (errors != null) {
        for (int i = 0; i < errors.size(); i++) {
          out.add(errors.getJsonObject(i).getString("field"));
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return raw.statusCode() + " " + raw.body();
    }
  }

  @Override
  public void close() {
    server.close().await();
    redis.close();
    vertx.close().await();
  }
}
