package io.switchboard.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * When an access token expires, read from its {@code exp} claim. Only ever called on a token that
 * {@link io.switchboard.auth.TokenVerifier} has already accepted (signature and expiry checked), so the
 * payload is trusted here; this exists because {@link io.switchboard.auth.Principal} carries no expiry.
 */
final class TokenExpiry {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TokenExpiry() {}

  /** Epoch ms of {@code exp}, or empty for a token that is not a JWT with a numeric {@code exp}. */
  static OptionalLong of(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return OptionalLong.empty();
    }
    try {
      JsonNode claims = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode exp = claims == null ? null : claims.get("exp");
      if (exp == null || !exp.isNumber()) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(exp.asLong() * 1000L);
    } catch (Exception e) {
      return OptionalLong.empty();
    }
  }
}
