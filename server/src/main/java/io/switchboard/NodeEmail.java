package io.switchboard;

import io.switchboard.chat.ChatService;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.email.EmailService;
import io.switchboard.email.PgEmailStore;
import io.switchboard.records.Database;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;

/** E-mail queues on a node (docs/email.md): their mailboxes polled into the chat service, agents' replies mailed. */
final class NodeEmail {
  private NodeEmail() {}

  /** Starts e-mail on a node whose chat service is up; it joins {@code closeables}. */
  static EmailService start(SwitchboardConfig config, Vertx vertx, RedisConnections redis, Directory directory,
      Database database, ChatService chats, List<AutoCloseable> closeables) {
    EmailService email = new EmailService(vertx, directory,
        () -> Lua.toVertx(redis.commands().smembers(Keys.TENANTS), vertx.getOrCreateContext())
            .map(s -> List.copyOf(s)),
        new PgEmailStore(database.dataSource()), chats, config.email(), Clock.systemUTC()).start();
    closeables.add(0, email);
    return email;
  }
}
