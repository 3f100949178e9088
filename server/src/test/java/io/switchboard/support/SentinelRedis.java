package io.switchboard.support;

import io.lettuce.core.RedisClient;
import io.switchboard.redis.EmbeddedRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Sentinel deployment on loopback, from Debian's {@code redis-server} and {@code redis-sentinel}: a master,
 * one replica and three sentinels (quorum 2) on free ports, each its own process, so a test can SIGKILL the master
 * and watch the sentinels promote the replica. Sentinels declare the master down after 1 s.
 */
public final class SentinelRedis implements AutoCloseable {
  public static final String MASTER_NAME = "sbmaster";

  private final Path dir;
  private final List<Process> sentinels = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private Process master;
  private Process replica;
  private final int masterPort;
  private final int replicaPort;

  private SentinelRedis(Path dir) {
    this.dir = dir;
    this.masterPort = EmbeddedRedis.freePort();
    this.replicaPort = EmbeddedRedis.freePort();
  }

  /** Starts master, replica and sentinels; returns once the replica is in sync and every sentinel sees both. */
  public static SentinelRedis start() throws Exception {
    Path server = Tools.require("redis-server");
    Path sentinel = Tools.require("redis-sentinel");
    SentinelRedis s = new SentinelRedis(Files.createTempDirectory("sentinel-it"));
    s.master = s.server(server, s.masterPort, null);
    s.replica = s.server(server, s.replicaPort, "127.0.0.1 " + s.masterPort);
    s.awaitReplicaInSync();
    for (int i = 0; i < 3; i++) {
      int port = EmbeddedRedis.freePort();
      Path conf = s.dir.resolve("sentinel-" + port + ".conf");
      Files.writeString(conf, String.join("\n",
          "port " + port, "bind 127.0.0.1", "daemonize no", "dir " + s.dir,
          "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + s.masterPort + " 2",
          "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
          "sentinel failover-timeout " + MASTER_NAME + " 5000",
          "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
      s.sentinels.add(s.start(List.of(sentinel.toString(), conf.toString()), "sentinel-" + port));
      s.sentinelPorts.add(port);
    }
    s.awaitSentinelsSeeReplica();
    return s;
  }

  /** {@code redis-sentinel://} URI over the three sentinels, as a node is configured with it. */
  public String uri() {
    StringBuilder b = new StringBuilder("redis-sentinel://");
    for (int i = 0; i < sentinelPorts.size(); i++) {
      b.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinelPorts.get(i));
    }
    return b.append("/0#").append(MASTER_NAME).toString();
  }

  public int masterPort() {
    return masterPort;
  }

  /** SIGKILL of the master: no shutdown, no last write to the replica. */
  public void killMaster() throws InterruptedException {
    master.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
  }

  /** The port of the master the sentinels report now. */
  public int currentMasterPort() {
    RedisClient c = RedisClient.create("redis://127.0.0.1:" + sentinelPorts.get(0));
    try (var conn = c.connectSentinel()) {
      return ((java.net.InetSocketAddress) conn.sync().getMasterAddrByName(MASTER_NAME)).getPort();
    } finally {
      c.shutdown();
    }
  }

  private Process server(Path binary, int port, String replicaOf) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--dbfilename", "dump-" + port + ".rdb"));
    if (replicaOf != null) {
      cmd.addAll(List.of("--replicaof", replicaOf.split(" ")[0], replicaOf.split(" ")[1]));
    }
    return start(cmd, "redis-" + port);
  }

  private Process start(List<String> cmd, String name) throws IOException {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private void awaitReplicaInSync() throws InterruptedException {
    await("replica in sync", () -> info(replicaPort, "replication").contains("master_link_status:up"));
  }

  private void awaitSentinelsSeeReplica() throws InterruptedException {
    for (int port : sentinelPorts) {
      await("sentinel " + port + " sees the replica and its peers", () -> {
        String s = info(port, "sentinel");
        return s.contains("slaves=1") && s.contains("sentinels=3");
      });
    }
  }

  private static String info(int port, String section) {
    RedisClient c = RedisClient.create("redis://127.0.0.1:" + port);
    try (var conn = c.connect()) {
      return conn.sync().info(section);
    } catch (RuntimeException e) {
      return "";
    } finally {
      c.shutdown();
    }
  }

  private static void await(String what, java.util.function.BooleanSupplier ok) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within 30 s");
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : sentinels) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    for (Process p : new Process[] {master, replica}) {
      if (p != null) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
