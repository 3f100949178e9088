package io.switchboard.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signature of the Standard Webhooks specification (standardwebhooks.com), so a receiver can check it
 * with that project's libraries: {@code webhook-signature: v1,<base64 HMAC-SHA256>} over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the base64-decoded part of the {@code whsec_} secret.
 * Pure and thread-safe.
 */
public final class WebhookSignature {
  static final String PREFIX = "whsec_";

  private WebhookSignature() {}

  /**
   * The {@code webhook-signature} header's value for a request signed with {@code secret} ({@code whsec_...}): for
   * other senders of signed requests (the chat bot's webhook steps), so every request the node signs checks alike.
   */
  public static String header(String secret, String id, long timestampSeconds, byte[] body) {
    return sign(key(secret), id, timestampSeconds, body);
  }

  /** The HMAC key of a {@code whsec_<base64>} secret (the directory accepted only that form). */
  static byte[] key(String secret) {
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
  }

  /** The {@code webhook-signature} header's value. */
  static String sign(byte[] key, String id, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }
}
