package io.switchboard.signaling;

import io.switchboard.auth.AuthException;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.auth.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small HS256 JWT issuer and {@link TokenVerifier} for signaling tests (the real one is auth's
 * AuthService). Claims: sub, tenant, roles, kind ("user"/"service"), exp (seconds).
 */
public final class TestTokens implements TokenVerifier {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final byte[] key;
  private final Clock clock;

  public TestTokens(String secret, Clock clock) {
    this.key = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  public TestTokens() {
    this("test-secret-test-secret-test-secret!", Clock.systemUTC());
  }

  public String issue(String tenant, String subject, long ttlSeconds, Role... roles) {
    return issue(tenant, subject, clock.millis() / 1000 + ttlSeconds, Principal.Kind.USER, roles);
  }

  public String issue(String tenant, String subject, long expEpochSeconds, Principal.Kind kind, Role... roles) {
    JsonArray r = new JsonArray();
    for (Role role : roles) {
      r.add(role.wire());
    }
    JsonObject claims = new JsonObject().put("sub", subject).put("tenant", tenant).put("roles", r)
        .put("kind", kind == Principal.Kind.USER ? "user" : "service").put("exp", expEpochSeconds);
    String head = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String body = B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    return head + "." + body + "." + B64.encodeToString(sign(head + "." + body));
  }

  @Override
  public Future<Principal> verify(String bearer) {
    try {
      String[] parts = bearer.split("\\.", -1);
      if (parts.length != 3) {
        throw AuthException.unauthenticated("malformed token");
      }
      byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
      if (!MessageDigest.isEqual(sig, sign(parts[0] + "." + parts[1]))) {
        throw AuthException.unauthenticated("bad signature");
      }
      JsonObject c = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      if (c.getLong("exp") * 1000 <= clock.millis()) {
        throw AuthException.unauthenticated("token expired");
      }
      Set<Role> roles = new HashSet<>();
      c.getJsonArray("roles").forEach(o -> Role.fromWire((String) o).ifPresent(roles::add));
      Principal.Kind kind = "service".equals(c.getString("kind")) ? Principal.Kind.SERVICE : Principal.Kind.USER;
      return Future.succeededFuture(new Principal(c.getString("tenant"), c.getString("sub"), roles, kind));
    } catch (AuthException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(AuthException.unauthenticated("malformed token"));
    }
  }

  private byte[] sign(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
