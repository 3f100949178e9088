package io.switchboard.chat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The anonymous customer's token (docs/chat.md, "The customer's token"): an HS256 JWT of its own kind
 * ({@code typ chat-customer}, issuer {@code switchboard-chat}), signed with a key that is not the agents' (a customer
 * token is never an agent token), bound to one tenant, one chat queue and the web origin it was issued to, for a
 * short time. Its subject ({@code customer-<uuid>}) is the customer: a chat started with it is resumed only with a
 * token of the same subject (a refreshed one keeps it).
 *
 * <p>Thread-safe.
 */
public final class CustomerTokens {
  static final String ISSUER = "switchboard-chat";
  static final String TYPE = "chat-customer";
  /** The Redis key of the signing key every node shares (32 random bytes, base64; written once, SET NX). */
  public static final String REDIS_KEY = "sb:chat:customer-token-key";

  /** What a valid token says. */
  public record Claims(String tenant, String queue, String origin, String subject, Instant expiresAt) {}

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Duration ttl;
  private final Clock clock;

  /** @param key at least 32 bytes, shared by every node (the same key signs and checks) */
  public CustomerTokens(byte[] key, Duration ttl, Clock clock) {
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("customer token key: " + e.getMessage(), e);
    }
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A token for a new customer ({@code subject} null) or a fresh one for the same customer. */
  public String issue(String tenant, String queue, String origin, String subject) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
        .subject(subject != null ? subject : "customer-" + UUID.randomUUID())
        .claim("typ", TYPE).claim("tenant", tenant).claim("queue", queue).claim("origin", origin)
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("customer token not signed", e);
    }
    return jwt.serialize();
  }

  /** The token's claims; {@link ChatException} {@code token-invalid} (naming {@code token}) otherwise. */
  public Claims verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        throw invalid("invalid token");
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      if (!ISSUER.equals(c.getIssuer()) || !TYPE.equals(c.getStringClaim("typ"))) {
        throw invalid("not a customer token");
      }
      if (c.getExpirationTime() == null || !now.isBefore(c.getExpirationTime().toInstant())
          || c.getNotBeforeTime() == null || now.isBefore(c.getNotBeforeTime().toInstant())) {
        throw invalid("token expired");
      }
      String tenant = c.getStringClaim("tenant");
      String queue = c.getStringClaim("queue");
      String origin = c.getStringClaim("origin");
      if (tenant == null || queue == null || origin == null || c.getSubject() == null) {
        throw invalid("invalid token");
      }
      return new Claims(tenant, queue, origin, c.getSubject(), c.getExpirationTime().toInstant());
    } catch (ParseException | JOSEException e) {
      throw invalid("invalid token");
    }
  }

  private static ChatException invalid(String why) {
    return new ChatException("token-invalid", "token", why);
  }
}
