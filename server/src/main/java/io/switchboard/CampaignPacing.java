package io.switchboard;

import io.switchboard.acd.RedisAcd;
import io.switchboard.acd.RedisCampaignCalls;
import io.switchboard.campaigns.CampaignPacer;
import io.switchboard.campaigns.PgCampaignStore;
import io.switchboard.campaigns.RedisPacerLease;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.RedisConnections;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/** Wires the campaigns' pacer of a node (docs/campaigns.md): on a thread of its own, since it blocks on JDBC. */
final class CampaignPacing {
  private CampaignPacing() {}

  /** Starts the pacer; closing what is returned stops it and its thread (before the stores it uses close). */
  static AutoCloseable start(SwitchboardConfig config, RedisConnections redis, RedisAcd acd, DataSource data) {
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "campaign-pacer");
      t.setDaemon(true);
      return t;
    });
    CampaignPacer pacer = new CampaignPacer(new PgCampaignStore(data), new RedisCampaignCalls(acd),
        new RedisPacerLease(redis, config.nodeId(), config.campaigns().leaseMs(), config.redisTimeoutMs()),
        Clock.systemUTC(), thread,
        new CampaignPacer.Options(config.campaigns().paceIntervalMs(), config.redisTimeoutMs())).start();
    return () -> {
      pacer.close();
      thread.shutdownNow();
    };
  }
}
