package io.switchboard.acd;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link ChatRouting} on the Redis ACD: one {@code acd-chat.lua} call per operation, run as {@link RedisAcd} runs
 * its own, with the default capacities of the reference config ({@code chat.capacity}, {@code chat.during-call},
 * {@code email.capacity}, {@code email.during-call}).
 */
public final class RedisChatRouting implements ChatRouting {
  /** The longest customer name an offer carries. */
  static final int NAME_MAX = 100;

  private final RedisAcd acd;
  private final String capacity;
  private final String duringCall;
  private final String emailCapacity;
  private final String emailsDuringCall;

  /** The node's defaults: chats and e-mails an agent may hold, without and during a call (each 0..20). */
  public RedisChatRouting(RedisAcd acd, int capacity, int duringCall, int emailCapacity, int emailsDuringCall) {
    this.acd = acd;
    this.capacity = Integer.toString(capacity);
    this.duringCall = Integer.toString(duringCall);
    this.emailCapacity = Integer.toString(emailCapacity);
    this.emailsDuringCall = Integer.toString(emailsDuringCall);
  }

  @Override
  public Future<Placed> enqueue(String tenant, String chatId, String queue, String customerName) {
    return op(tenant, "enqueue", () -> new String[] {AcdArgs.id("chatId", chatId), AcdArgs.id("queue", queue),
        customerName == null ? "" : AcdArgs.text("customerName", customerName, NAME_MAX)});
  }

  @Override
  public Future<Placed> accept(String tenant, String agentId, String chatId) {
    return op(tenant, "accept", () -> new String[] {AcdArgs.id("chatId", chatId), AcdArgs.id("agentId", agentId)});
  }

  @Override
  public Future<Placed> reject(String tenant, String agentId, String chatId) {
    return op(tenant, "reject", () -> new String[] {AcdArgs.id("chatId", chatId), AcdArgs.id("agentId", agentId)});
  }

  @Override
  public Future<Placed> transfer(String tenant, String agentId, String chatId, String queue, String toAgent) {
    return op(tenant, "transfer", () -> {
      if ((queue == null) == (toAgent == null)) {
        throw AcdArgs.invalid("queue", "a transfer names a queue or an agent");
      }
      return new String[] {AcdArgs.id("chatId", chatId), AcdArgs.id("agentId", agentId),
          queue == null ? "" : AcdArgs.id("queue", queue), toAgent == null ? "" : AcdArgs.id("agentId", toAgent)};
    });
  }

  @Override
  public Future<Void> end(String tenant, String chatId) {
    return op(tenant, "end", () -> new String[] {AcdArgs.id("chatId", chatId)}).mapEmpty();
  }

  @Override
  public Future<Integer> sweep(String tenant) {
    try {
      return acd.run(AcdScripts.CHAT, tenant, "sweep", capacity, duringCall, emailCapacity,
          emailsDuringCall).map(Integer::parseInt);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<List<Held>> held(String tenant, String agentId) {
    try {
      return acd.run(AcdScripts.CHAT, tenant, "held", capacity, duringCall, emailCapacity, emailsDuringCall,
          AcdArgs.id("agentId", agentId))
          .map(RedisChatRouting::held);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  /** The script's JSON (an empty Lua table encodes as an object, so anything but an array is no chats). */
  static List<Held> held(String json) {
    Object chats = new JsonObject(json).getValue("chats");
    List<Held> out = new ArrayList<>();
    if (chats instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        JsonObject c = a.getJsonObject(i);
        String name = c.getString("customerName", "");
        out.add(new Held(c.getString("chatId"), c.getString("queue"), c.getString("state"),
            name.isEmpty() ? null : name, c.getLong("deadline", 0L), c.getLong("enqueuedAt", 0L)));
      }
    }
    return out;
  }

  private interface Args {
    String[] get();
  }

  private Future<Placed> op(String tenant, String op, Args args) {
    try {
      String[] a = args.get();
      String[] all = new String[5 + a.length];
      all[0] = op;
      all[1] = capacity;
      all[2] = duringCall;
      all[3] = emailCapacity;
      all[4] = emailsDuringCall;
      System.arraycopy(a, 0, all, 5, a.length);
      return acd.run(AcdScripts.CHAT, tenant, all).map(RedisChatRouting::placed);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  static Placed placed(String reply) {
    int space = reply.indexOf(' ');
    String state = (space < 0 ? reply : reply.substring(0, space)).toLowerCase(Locale.ROOT);
    return new Placed(state, space < 0 ? null : reply.substring(space + 1));
  }
}
