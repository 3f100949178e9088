package io.switchboard.webhooks;

import io.switchboard.net.PublicAddresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * One attempt at one delivery: a signed POST ({@link WebhookSignature}) with the headers {@code webhook-id} (the
 * event id, the same on every attempt), {@code webhook-timestamp} (this attempt's, epoch seconds) and
 * {@code webhook-signature}. Any 2xx is a success; the answer's body is not read. No redirects are followed.
 * Only https to public addresses is called unless {@code webhooks.allow-insecure}.
 *
 * <p>Threading: {@link #send} may be called from any thread; the name lookup runs on a worker, the request on the
 * JDK client's threads, where the future completes.
 */
final class WebhookSender {
  /** An attempt's outcome: {@code error} is null on success; {@code status} is null when no answer came back. */
  record Outcome(Integer status, String error) {
    boolean delivered() {
      return error == null;
    }
  }

  private final Vertx vertx;
  private final Duration timeout;
  private final boolean allowInsecure;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  WebhookSender(Vertx vertx, Duration timeout, boolean allowInsecure, Clock clock) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.allowInsecure = allowInsecure;
    this.clock = clock;
  }

  Future<Outcome> send(String url, String secret, Delivery d) {
    URI uri = URI.create(url);
    if (!allowInsecure && !"https".equalsIgnoreCase(uri.getScheme())) {
      return Future.succeededFuture(new Outcome(null, "not https (webhooks.allow-insecure is off)"));
    }
    return vertx.<Void>executeBlocking(() -> {
      if (!allowInsecure) {
        PublicAddresses.require(uri.getHost(), "webhooks.allow-insecure");
      }
      return null;
    }, false).transform(checked -> checked.failed()
        ? Future.succeededFuture(new Outcome(null, checked.cause().getMessage()))
        : post(uri, secret, d));
  }

  private Future<Outcome> post(URI uri, String secret, Delivery d) {
    byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
    long now = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Switchboard-Webhooks")
        .header("webhook-id", d.eventId())
        .header("webhook-timestamp", Long.toString(now))
        .header("webhook-signature", WebhookSignature.sign(WebhookSignature.key(secret), d.eventId(), now, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    Promise<Outcome> outcome = Promise.promise();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
      if (e != null) {
        Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException
            ? e.getCause() : e;
        outcome.complete(new Outcome(null, cause instanceof HttpTimeoutException
            ? "no answer within " + timeout.toMillis() + " ms" : describe(cause)));
      } else if (r.statusCode() / 100 == 2) {
        outcome.complete(new Outcome(r.statusCode(), null));
      } else {
        outcome.complete(new Outcome(r.statusCode(), "answered " + r.statusCode()));
      }
    });
    return outcome.future();
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
  }
}
