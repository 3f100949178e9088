package io.switchboard;

import io.switchboard.acd.Acd;
import io.switchboard.acd.RedisAcd;
import io.switchboard.acd.RedisCampaignCalls;
import io.switchboard.campaigns.CampaignPacer;
import io.switchboard.campaigns.PgCampaignStore;
import io.switchboard.campaigns.PredictivePacing;
import io.switchboard.campaigns.RedisPacerLease;
import io.switchboard.call.OutboundCalls;
import io.switchboard.call.PredictiveDials;
import io.switchboard.cluster.AgentMessenger;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.dial.DialPlanner;
import io.switchboard.directory.Directory;
import io.switchboard.media.MediaNode;
import io.switchboard.redis.RedisConnections;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.vertx.core.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/** Wires the campaigns' pacer of a node (docs/campaigns.md): on a thread of its own, since it blocks on JDBC. */
final class CampaignPacing {
  private CampaignPacing() {}

  /** Starts the pacer; closing what is returned stops it and its thread (before the stores it uses close). */
  static AutoCloseable start(SwitchboardConfig config, RedisConnections redis, RedisAcd acd, DataSource data,
      PredictiveDials dialer) {
    var p = config.campaigns().predictive();
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "campaign-pacer");
      t.setDaemon(true);
      return t;
    });
    CampaignPacer pacer = new CampaignPacer(new PgCampaignStore(data), new RedisCampaignCalls(acd),
        new RedisPacerLease(redis, config.nodeId(), config.campaigns().leaseMs(), config.redisTimeoutMs()),
        Clock.systemUTC(), thread,
        new CampaignPacer.Options(config.campaigns().paceIntervalMs(), config.redisTimeoutMs()))
        .predictive(dialer, new PredictivePacing(new PredictivePacing.Knobs(p.aimFraction(), p.backoffBand(),
            p.minSamples(), p.maxRatio(), p.graceMs())), p.abandonCapPercent(),
            config.dialNoAnswerSeconds() * 1000L)
        .previewTimeout(config.campaigns().previewTimeoutSeconds())
        .start();
    return () -> {
      pacer.close();
      thread.shutdownNow();
    };
  }

  /**
   * The node's dialer of predictive calls (call.PredictiveDials), on the SIP event loop {@code sip}: the pacer of this
   * node hands it the calls of the campaigns whose lease it holds.
   */
  static PredictiveDials dialer(SwitchboardConfig config, Context sip, Acd metered, RedisAcd acd, Directory directory,
      DialPlanner planner, OutboundCalls outbound, AgentMessenger bus, MediaNode media, WebRtcEndpoint webrtc) {
    return new PredictiveDials(sip, metered, new RedisCampaignCalls(acd), directory, planner, outbound, bus, media,
        webrtc, new PredictiveDials.Options(config.sipTenant(), Duration.ofSeconds(config.dialNoAnswerSeconds()),
            config.campaigns().predictive().graceMs(), () -> System.nanoTime() / 1_000_000));
  }
}
