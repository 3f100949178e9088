package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Outbound;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code ping}: answered by {@code pong} (carrying the request's id, instead of an ack). */
public final class PingHandler implements MessageHandler<Inbound.Ping> {
  @Override
  public String type() {
    return "ping";
  }

  @Override
  public Class<Inbound.Ping> messageClass() {
    return Inbound.Ping.class;
  }

  @Override
  public Role requiredRole() {
    return null;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.Ping m) {
    return Future.succeededFuture(Outbound.pong(null));
  }
}
