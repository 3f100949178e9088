package io.switchboard.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run with EVALSHA, falling back to EVAL when Redis does not know it (after a restart,
 * failover or SCRIPT FLUSH). One instance per script; immutable and thread-safe. Every instance made is
 * remembered ({@link #all()}) so that a starting node can load them all before its first call ({@link #load}).
 */
public final class Lua {
  /** Every script made in this JVM (the holders keep them in static fields: a few dozen, never released). */
  private static final java.util.Queue<Lua> ALL = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private final String name;
  private final String source;
  private final String sha;

  private Lua(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
    ALL.add(this);
  }

  /** The scripts made so far in this JVM (those whose holder class is initialised). */
  public static java.util.List<Lua> all() {
    return java.util.List.copyOf(ALL);
  }

  /** The script's SHA-1, as EVALSHA and SCRIPT EXISTS name it. */
  public String sha() {
    return sha;
  }

  /**
   * SCRIPT LOAD: Redis compiles and caches the script now, so its first EVALSHA finds it (no NOSCRIPT round trip and
   * compile on a call's path). The stage completes with the SHA on a Lettuce thread.
   */
  public CompletionStage<String> load(RedisClusterAsyncCommands<String, String> redis) {
    return redis.scriptLoad(source);
  }

  /** Loads {@code /lua/<name>.lua} from the classpath. */
  public static Lua resource(String name) {
    String path = "/lua/" + name + ".lua";
    try (InputStream in = Lua.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + path);
      }
      return new Lua(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Lua of(String name, String source) {
    return new Lua(name, source);
  }

  public String name() {
    return name;
  }

  /** Runs the script; the returned stage completes on a Lettuce thread. */
  public <T> CompletionStage<T> run(
      RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
    CompletableFuture<T> first = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(e -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RedisNoScriptException) {
        return redis.<T>eval(source, type, keys, args).toCompletableFuture();
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  /** Runs the script and delivers the result on {@code context} (an event loop). */
  public <T> Future<T> run(
      Context context,
      RedisClusterAsyncCommands<String, String> redis,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    return toVertx(run(redis, type, keys, args), context);
  }

  /** Bridges a Lettuce future onto a Vert.x context, unwrapping CompletionException. */
  public static <T> Future<T> toVertx(CompletionStage<T> stage, Context context) {
    return Future.fromCompletionStage(stage, context).recover(e -> Future.failedFuture(
        e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
