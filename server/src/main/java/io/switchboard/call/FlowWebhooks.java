package io.switchboard.call;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A flow's webhook step: POSTs the call's details as JSON to the tenant's URL and reads which branch to take from the
 * answer ({@code {"branch": "vip"}}). Anything else — no answer within the node's timeout, a status other than 2xx,
 * a body that is not such JSON, a URL the node may not call — fails the future with the reason, and the flow takes its
 * fallback. Only https to public addresses is called unless {@code flows.webhook-allow-insecure} (plain http and
 * loopback or private addresses: tests, and CRMs on the same network), so a tenant's flow cannot probe the node's
 * own network. No redirects are followed.
 *
 * <p>Threading: {@link #ask} may be called from any thread; the name lookup runs on a worker, the request on the
 * JDK client's threads; the future completes on one of those (callers hop back to their loop).
 */
final class FlowWebhooks {
  static final int MAX_ANSWER_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final boolean allowInsecure;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  FlowWebhooks(Vertx vertx, boolean allowInsecure) {
    this.vertx = vertx;
    this.allowInsecure = allowInsecure;
  }

  /** The branch the answer names; failed with why when there is none to take. */
  Future<String> ask(String url, int timeoutMs, JsonObject body) {
    URI uri = URI.create(url);
    if (!allowInsecure && !"https".equals(uri.getScheme())) {
      return Future.failedFuture("not https (flows.webhook-allow-insecure is off)");
    }
    return vertx.<Void>executeBlocking(() -> {
      checkAddress(uri.getHost());
      return null;
    }, false).compose(v -> send(uri, timeoutMs, body));
  }

  private void checkAddress(String host) throws java.net.UnknownHostException {
    if (!allowInsecure) {
      io.switchboard.net.PublicAddresses.require(host, "flows.webhook-allow-insecure");
    }
  }

  private Future<String> send(URI uri, int timeoutMs, JsonObject body) {
    Promise<String> answer = Promise.promise();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
      if (e != null) {
        answer.fail(e instanceof java.net.http.HttpTimeoutException ? "no answer within " + timeoutMs + " ms"
            : e.toString());
      } else if (r.statusCode() / 100 != 2) {
        answer.fail("answered " + r.statusCode());
      } else {
        answer.handle(branch(r.body()));
      }
    });
    return answer.future();
  }

  /** {@code {"branch": "<name>"}} → the name. */
  static Future<String> branch(byte[] body) {
    if (body.length > MAX_ANSWER_BYTES) {
      return Future.failedFuture("answer longer than " + MAX_ANSWER_BYTES + " bytes");
    }
    try {
      Object branch = new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8)).getValue("branch");
      return branch instanceof String s && !s.isEmpty() ? Future.succeededFuture(s)
          : Future.failedFuture("answer without a \"branch\" string");
    } catch (RuntimeException e) {
      return Future.failedFuture("answer is not JSON");
    }
  }
}
