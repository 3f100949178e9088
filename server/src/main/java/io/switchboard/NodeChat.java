package io.switchboard;

import io.lettuce.core.SetArgs;
import io.switchboard.acd.ChatSweeper;
import io.switchboard.acd.RedisAcd;
import io.switchboard.acd.RedisChatRouting;
import io.switchboard.api.CustomerTokenRoute;
import io.switchboard.chat.ChatBusRelay;
import io.switchboard.chat.ChatHours;
import io.switchboard.chat.ChatService;
import io.switchboard.chat.CustomerTokens;
import io.switchboard.chat.PgChatStore;
import io.switchboard.chat.RateWindow;
import io.switchboard.chat.bot.IntentBot;
import io.switchboard.chat.bot.PgBotOutcomes;
import io.switchboard.chat.customer.CustomerSockets;
import io.switchboard.cluster.ChatBus;
import io.switchboard.config.ChatConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.records.Database;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Chats on a node (docs/chat.md, docs/chat-bot.md): the service the customers' and agents' sockets use, routed by
 * the ACD (acd-chat.lua), with the sweep that requeues unanswered offers and fills agents' freed room; the tenants'
 * intent bots answering first; the customers' token route and sockets; the events of chats shared with the other
 * nodes on the node bus.
 *
 * @param service the chats, for the agents' signaling and the interactions API
 * @param tokenRoute the public route issuing customer tokens
 * @param sockets the customers' WebSockets ({@link CustomerSockets#PATH})
 */
record NodeChat(ChatService service, CustomerTokenRoute tokenRoute, CustomerSockets sockets) {

  /** Starts chat on a node whose ACD, directory and store of record are up; what it starts joins {@code closeables}. */
  static NodeChat start(SwitchboardConfig config, Vertx vertx, RedisConnections redis, RedisAcd acd,
      ChatBus bus, Directory directory, Database database, List<AutoCloseable> closeables) {
    IntentBot bot = new IntentBot(vertx, directory, new PgBotOutcomes(database.dataSource()),
        config.webhooks().allowInsecure(), Clock.systemUTC());
    closeables.add(0, bot::close);
    ChatConfig c = config.chat();
    RedisChatRouting routing = new RedisChatRouting(acd, c.capacity(), c.duringCall(),
        config.email().capacity(), config.email().duringCall());
    ChatService service = new ChatService(vertx, new PgChatStore(database.dataSource()), routing, bot,
        Clock.systemUTC(), c.maxMessageChars(), c.customerMessagesPerMinute());
    ChatBusRelay.join(service, bus);  // lines, typing, joined and ended reach the sockets on every node
    closeables.add(0, new ChatSweeper(vertx, routing, redis, c.sweep()).start());
    CustomerTokens tokens = new CustomerTokens(customerTokenKey(redis), c.customerTokenTtl(), Clock.systemUTC());
    return new NodeChat(service,
        new CustomerTokenRoute(tokens, directory, new RateWindow(c.perSourcePerMinute(), 60_000, Clock.systemUTC())),
        new CustomerSockets(service, tokens, directory, new ChatHours(directory, Clock.systemUTC()),
            new RateWindow(c.perSourcePerMinute(), 60_000, Clock.systemUTC())));
  }

  /** The key customer tokens are signed with, shared by every node through Redis (the first node writes it). */
  private static byte[] customerTokenKey(RedisConnections redis) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    var r = redis.commands();
    try {
      r.set(CustomerTokens.REDIS_KEY, Base64.getEncoder().encodeToString(fresh), SetArgs.Builder.nx())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      return Base64.getDecoder().decode(r.get(CustomerTokens.REDIS_KEY).toCompletableFuture()
          .get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("chat customer token key not read from Redis: " + e, e);
    }
  }
}
