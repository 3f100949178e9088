package io.switchboard.auth;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The directory's role in login, held in memory (the real store lives in the directory package). */
public final class InMemoryCredentialStore implements CredentialStore {
  private final Map<String, StoredUser> byId = new ConcurrentHashMap<>();

  public StoredUser add(String tenant, String id, String username, String hash, Set<Role> roles) {
    StoredUser u = new StoredUser(tenant, id, username, hash, roles, true);
    byId.put(tenant + "/" + id, u);
    return u;
  }

  public void setEnabled(String tenant, String id, boolean enabled) {
    byId.computeIfPresent(tenant + "/" + id, (k, u) ->
        new StoredUser(u.tenant(), u.id(), u.username(), u.passwordHash(), u.roles(), enabled));
  }

  public void setRoles(String tenant, String id, Set<Role> roles) {
    byId.computeIfPresent(tenant + "/" + id, (k, u) ->
        new StoredUser(u.tenant(), u.id(), u.username(), u.passwordHash(), roles, u.enabled()));
  }

  public void remove(String tenant, String id) {
    byId.remove(tenant + "/" + id);
  }

  @Override
  public Future<Optional<StoredUser>> findByUsername(String tenant, String username) {
    return Future.succeededFuture(byId.values().stream()
        .filter(u -> u.tenant().equals(tenant) && u.username().equals(username))
        .findFirst());
  }

  @Override
  public Future<Optional<StoredUser>> findById(String tenant, String id) {
    return Future.succeededFuture(Optional.ofNullable(byId.get(tenant + "/" + id)));
  }
}
