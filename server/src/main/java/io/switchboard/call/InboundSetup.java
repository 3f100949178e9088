package io.switchboard.call;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.acd.Acd;
import io.switchboard.cluster.AgentMessenger;
import io.switchboard.directory.Directory;
import io.switchboard.media.MediaNode;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.vertx.core.Context;
import java.time.Duration;

/**
 * Where an {@link InboundCalls} listener sits: tenant served, node identity, Contact host:port, announcement
 * period, how long after the media is ready the 200 OK goes out (sip.answer-delay-ms; zero: at once, no 180
 * Ringing), and how long a caller may send no RTP/RTCP before the call is ended (media.inactivity-timeout-seconds;
 * zero: never), and whether flows' webhooks may call plain http and private addresses
 * (flows.webhook-allow-insecure), and what queues' callback settings leave out (callbacks.*).
 */
public record InboundSetup(String tenant, String nodeId, String region, String contactHostPort,
    Duration announcementInterval, Duration answerDelay, Duration mediaTimeout, boolean webhookAllowInsecure,
    io.switchboard.config.CallbackConfig callbacks) {

  /**
   * What the call layer needs; all required except {@code webrtc} (null: no browser legs on this node, every
   * {@code media.offer} is answered by {@code media.failed} reason {@code unavailable}). {@code agents} carries the
   * call node's answers to agents' sockets on whichever node holds them (the node bus).
   */
  public record Deps(Context context, Acd acd, Directory directory, AgentMessenger agents, MediaNode media,
      MeterRegistry meters, WebRtcEndpoint webrtc) {}
}
