package io.switchboard.auth;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt through BouncyCastle. Hashing costs milliseconds by design: call it off the event loop
 * ({@code vertx.executeBlocking}). Thread-safe.
 */
public final class PasswordHasher {
  private static final int MAX_PASSWORD_BYTES = 72; // bcrypt's own limit
  private final int cost;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(int cost) {
    this.cost = cost;
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, cost);
  }

  /** Constant-time check; false for any malformed hash instead of an exception. */
  public boolean verify(String password, String hash) {
    if (hash == null || password == null) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Why a new password is unacceptable, or null when it is fine. */
  public static String weakness(String password) {
    if (password == null || password.length() < 8) {
      return "must be at least 8 characters";
    }
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      return "must be at most 72 bytes (bcrypt's limit)";
    }
    return null;
  }
}
