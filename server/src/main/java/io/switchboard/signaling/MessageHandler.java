package io.switchboard.signaling;

import io.switchboard.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Handles one client message type (one class per verb). Runs on the socket's event loop.
 *
 * @param <M> the message record
 */
public interface MessageHandler<M extends Inbound> {

  /** The {@code type} this handler answers. */
  String type();

  Class<M> messageClass();

  /** The role the principal must have, or null when any connected principal may send it (or see allowedRoles). */
  Role requiredRole();

  /**
   * The roles of which the principal must have at least one, or empty when any connected principal may send it;
   * by default {@link #requiredRole()} alone. The dispatcher checks these before anything else.
   */
  default Set<Role> allowedRoles() {
    Role r = requiredRole();
    return r == null ? Set.of() : Set.of(r);
  }

  /**
   * Does the work. Completes with a reply to send instead of the plain {@code ack} (the dispatcher adds the request's
   * {@code id} to it), or null for the ack.
   * Fails with {@link SignalingError}, {@link io.switchboard.acd.AcdException} or
   * {@link io.switchboard.auth.AuthException}; the dispatcher turns any of them into an {@code error}.
   */
  Future<JsonObject> handle(Session session, M message);
}
