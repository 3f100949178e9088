package io.switchboard.chat.bot;

import io.switchboard.net.PublicAddresses;
import io.switchboard.webhooks.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * An intent's webhook step: POSTs the chat's context as JSON to the tenant's URL, signed like the outbound webhooks
 * (Standard Webhooks headers {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}; HMAC-SHA256
 * with the bot's {@code whsec_} secret), and reads the answer from the reply ({@code {"answer": "text"}}). Anything
 * else — no reply within the intent's timeout, a status other than 2xx, a reply that is not such JSON, a URL the node
 * may not call (only https to public addresses unless {@code webhooks.allow-insecure}) — fails the future with the
 * reason; the bot then hands over ({@code webhook-failed}). No redirects are followed.
 *
 * <p>Threading: {@link #ask} may be called from any thread; the address check runs on a worker, the request on
 * Vert.x's non-blocking client.
 */
final class BotWebhook {
  static final int MAX_ANSWER_BYTES = 16 * 1024;
  static final int MAX_ANSWER_CHARS = 2000;

  private final Vertx vertx;
  private final HttpClient http;
  private final boolean allowInsecure;
  private final Clock clock;

  BotWebhook(Vertx vertx, boolean allowInsecure, Clock clock) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient(new HttpClientOptions().setMaxRedirects(0));
    this.allowInsecure = allowInsecure;
    this.clock = clock;
  }

  /**
   * The answer text; failed with why there is none.
   *
   * @param messageId the {@code webhook-id}: the same for a retry of the same turn
   * @param secret    the bot's signing key ({@code whsec_...}); never logged
   */
  Future<String> ask(String url, int timeoutMs, String messageId, String secret, JsonObject context) {
    URI uri = URI.create(url);
    if (!allowInsecure && !"https".equals(uri.getScheme())) {
      return Future.failedFuture("not https (webhooks.allow-insecure is off)");
    }
    byte[] body = context.encode().getBytes(StandardCharsets.UTF_8);
    long now = clock.instant().getEpochSecond();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs).setFollowRedirects(false)
        .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json")
        .putHeader("webhook-id", messageId).putHeader("webhook-timestamp", Long.toString(now))
        .putHeader("webhook-signature", WebhookSignature.header(secret, messageId, now, body));
    return vertx.<Void>executeBlocking(() -> {
      if (!allowInsecure) {
        PublicAddresses.require(uri.getHost(), "webhooks.allow-insecure");
      }
      return null;
    }, false)
        .compose(v -> http.request(options))
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(resp -> resp.statusCode() / 100 != 2
            ? Future.failedFuture("answered " + resp.statusCode())
            : resp.body().compose(BotWebhook::answer))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(e instanceof java.util.concurrent.TimeoutException
            ? "no answer within " + timeoutMs + " ms" : String.valueOf(e.getMessage())));
  }

  /** {@code {"answer": "<text>"}} → the text. */
  static Future<String> answer(Buffer body) {
    if (body.length() > MAX_ANSWER_BYTES) {
      return Future.failedFuture("answer longer than " + MAX_ANSWER_BYTES + " bytes");
    }
    try {
      Object answer = new JsonObject(body.toString(StandardCharsets.UTF_8)).getValue("answer");
      return answer instanceof String s && !s.isBlank() && s.length() <= MAX_ANSWER_CHARS
          ? Future.succeededFuture(s)
          : Future.failedFuture("reply without an \"answer\" string of 1 to " + MAX_ANSWER_CHARS + " characters");
    } catch (RuntimeException e) {
      return Future.failedFuture("reply is not JSON");
    }
  }

  void close() {
    http.close();
  }
}
