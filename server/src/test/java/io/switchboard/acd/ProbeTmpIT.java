package io.switchboard.acd;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.redis.Lua;
import org.junit.jupiter.api.Test;
import java.nio.file.*;
class ProbeTmpIT {
  double cpu(io.switchboard.redis.RedisConnections r) {
    String info = r.commands().info("cpu").toCompletableFuture().join();
    double t = 0;
    for (String l : info.split("\r?\n")) if (l.startsWith("used_cpu_user:") || l.startsWith("used_cpu_sys:")) t += Double.parseDouble(l.substring(l.indexOf(':')+1));
    return t;
  }
  void time(io.switchboard.redis.RedisConnections r, String name, String src) throws Exception {
    Lua lua = Lua.of(name, src);
    String[] keys = {"sb:{x}"};
    String[] args = {"1700000000000", "20261116", "n", "32", "64", "1000", "x"};
    lua.run(r.commands(), ScriptOutputType.VALUE, keys, args).toCompletableFuture().join();
    int n = 20000;
    double c0 = cpu(r);
    long t0 = System.nanoTime();
    java.util.concurrent.CompletableFuture<?>[] fs = new java.util.concurrent.CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) fs[i] = lua.run(r.commands(), ScriptOutputType.VALUE, keys, args).toCompletableFuture();
    java.util.concurrent.CompletableFuture.allOf(fs).join();
    long t1 = System.nanoTime();
    double c1 = cpu(r);
    System.out.printf("PROBE %s: %.1f us wall/op, redis cpu %.1f us/op%n", name, (t1-t0)/1000.0/n, (c1-c0)*1e6/n);
  }
  @Test void t() throws Exception {
    var r = io.switchboard.support.TestRedis.connect();
    String lib = Files.readString(Path.of("src/main/resources/lua/acd-lib.lua"));
    time(r, "trivial", "return 'OK'");
    time(r, "lib", lib + "\nreturn 'OK'");
    time(r, "lib-run", lib + "\nreturn run(function() return 'OK' end)");
    time(r, "xadd", lib + "\nreturn run(function() event('x', {'a','b'}) return 'OK' end)");
    time(r, "publish", lib + "\nreturn run(function() publish('nn', 'a', {type='x', b=1}) return 'OK' end)");
    time(r, "hset", lib + "\nreturn run(function() redis.call('HSET', P..':h', 'a', 'b', 'c', 'd') return 'OK' end)");
    r.close();
  }
}
