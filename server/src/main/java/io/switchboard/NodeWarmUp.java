package io.switchboard;

import io.switchboard.acd.RedisAcd;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.Envelope;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.MusicOnHold;
import io.switchboard.media.audio.Prompts;
import io.switchboard.ops.WarmUp;
import io.switchboard.records.Database;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.switchboard.sip.transport.SipOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The node's warm-up (issue 20: the first calls after a start took 0.5–1.2 s to be offered, the hundredth ~15 ms):
 * before the node serves, each step a call takes is run once in-process, so that the classes are loaded, the lambdas
 * linked, Redis has compiled the scripts and the database pool holds its connections when the first caller comes.
 * Steps ({@link WarmUp} times them within {@code warmup.timeout-ms}):
 * <ul>
 *   <li>{@code acd}: the ACD's read-only operations (call, position, estimate, stats) and a directory read, against
 *       {@link #TENANT}, which nothing provisions;</li>
 *   <li>{@code scripts}: SCRIPT LOAD of every Lua script (no NOSCRIPT round trip nor compile on a call's path);</li>
 *   <li>{@code sip}: a whole call through a transaction layer of its own over an in-memory transport
 *       ({@link SipWarmUp}): nothing is sent on any network;</li>
 *   <li>{@code media}: music on hold and a queue announcement read a second's worth of frames;</li>
 *   <li>{@code signaling}: a {@code call.offered} encoded and decoded as the node bus carries it, and as the socket
 *       receives it;</li>
 *   <li>{@code database}: the pool filled to its size, each connection checked with {@code SELECT 1}.</li>
 * </ul>
 * Nothing is written to Redis or PostgreSQL: no tenant's stream, record or key changes (NodeWarmUpIT).
 */
final class NodeWarmUp {
  /** The tenant the ACD and directory reads name: read-only, so it is never created. */
  static final String TENANT = "warm-up-probe";

  private NodeWarmUp() {}

  /** Runs the steps within {@code budget}; blocks the calling thread (the node's start, never an event loop). */
  static WarmUp.Report run(Vertx vertx, RedisConnections redis, RedisAcd acd, Directory directory, Prompts prompts,
      Context sip, SipOptions sipOptions, Database database, java.time.Duration budget) {
    return WarmUp.run(List.of(
        new WarmUp.Step("acd", () -> acd(acd, directory)),  // first: it makes the ACD's scripts if none are yet
        new WarmUp.Step("scripts", () -> scripts(redis)),
        new WarmUp.Step("sip", () -> SipWarmUp.run(sip, sipOptions)),
        new WarmUp.Step("media", () -> plain(() -> media(prompts))),
        new WarmUp.Step("signaling", () -> plain(NodeWarmUp::signaling)),
        new WarmUp.Step("database", () -> database(vertx, database))), budget);
  }

  private static Future<?> plain(ThrowingRunnable work) throws Exception {
    work.run();
    return Future.succeededFuture();
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Every script made so far (the ACD's among them: the acd step has used their holder). */
  private static Future<?> scripts(RedisConnections redis) {
    List<Future<String>> loads = new ArrayList<>();
    for (Lua lua : Lua.all()) {
      loads.add(Future.fromCompletionStage(lua.load(redis.commands())));
    }
    return Future.all(loads);
  }

  /** Read-only ACD operations and a directory miss; their replies (not found, zeros) are what a call parses too. */
  private static Future<?> acd(RedisAcd acd, Directory directory) {
    return Future.join(List.of(
        acd.call(TENANT, "warm-up").otherwiseEmpty(),
        acd.queuePosition(TENANT, "warm-up", "warm-up").otherwiseEmpty(),
        acd.waitEstimate(TENANT, "warm-up", "warm-up").otherwiseEmpty(),
        acd.stats(TENANT).otherwiseEmpty(),
        directory.get(TENANT, Kind.PHONE_NUMBER, "0").otherwiseEmpty(),
        directory.get(TENANT, Kind.QUEUE, "warm-up").otherwiseEmpty()));
  }

  /** A waiting caller's audio: music, then (the announcement due at once) the position and wait said. */
  private static void media(Prompts prompts) {
    Prompts.Voice voice = prompts.voice(TENANT, null);
    MusicOnHold music = new MusicOnHold(prompts.musicLoop(), () -> voice.queueAnnouncement(1, 1), 0, 1000);
    short[] frame = new short[160];
    for (int i = 0; i < 50 && music.nextFrame(frame); i++) {
      // a second of 20 ms frames
    }
  }

  private static void signaling() {
    AgentMessage offered = new AgentMessage.CallOffered("warm-up", "warm-up", "+15550101", "Warm Up", 0,
        System.currentTimeMillis() + 60_000);
    BusCodec.decode(BusCodec.encode(new Envelope.ToAgent(TENANT, "warm-up", offered)));
    BusCodec.encode(offered);
  }

  /** Holds as many connections as the pool may open at once, so none is opened on a call's path. */
  private static Future<?> database(Vertx vertx, Database database) {
    return vertx.executeBlocking(() -> {
      DataSource ds = database.dataSource();
      int size = ds instanceof com.zaxxer.hikari.HikariDataSource h ? h.getMaximumPoolSize() : 1;
      List<Connection> held = new ArrayList<>();
      try {
        for (int i = 0; i < size; i++) {
          Connection c = ds.getConnection();
          held.add(c);
          try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
          }
        }
      } finally {
        for (Connection c : held) {
          c.close();
        }
      }
      return null;
    }, false);
  }
}
