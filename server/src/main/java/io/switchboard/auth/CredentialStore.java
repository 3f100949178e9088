package io.switchboard.auth;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;

/**
 * Where login finds a user's password hash and roles. Implemented by the directory, which owns users;
 * auth only reads through this interface.
 */
public interface CredentialStore {

  /** A user as login needs it. {@code passwordHash} is a bcrypt string ($2y$...). */
  record StoredUser(String tenant, String id, String username, String passwordHash, Set<Role> roles, boolean enabled) {}

  /** Looks a login name up in one tenant. Completes empty when there is no such user. */
  Future<Optional<StoredUser>> findByUsername(String tenant, String username);

  /** Looks a user up by id (refresh needs to know the user still exists and is enabled). */
  Future<Optional<StoredUser>> findById(String tenant, String id);
}
