package io.switchboard.media;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.media.session.MediaCounters;
import java.util.List;

/**
 * A node's SIP-side media on its meter registry (Prometheus names): {@code switchboard_rtp_sessions} (RTP sessions
 * of calls running), {@code switchboard_rtp_port_pairs_used} and {@code switchboard_rtp_port_pairs_capacity} (the
 * RTP/RTCP port pairs held by calls, of the {@code media.rtp-port-*} range), and
 * {@code switchboard_rtp_dropped_total{reason}}: packets strict RTP refused — {@code stranger} (RTP from a source
 * other than the latched one), {@code probation} (RTP from a source on probation), {@code rtcp-stranger}. All read
 * on scrape from the node's own counters.
 */
public final class MediaMeters {
  /** The rejection reasons of {@link MediaCounters} that strict RTP counts (see RtpSourceFilter). */
  static final List<String> DROP_REASONS = List.of("stranger", "probation", "rtcp-stranger");

  private MediaMeters() {}

  public static void register(MediaNode media, MeterRegistry registry) {
    Gauge.builder("switchboard.rtp.sessions", media, MediaNode::activeSessions)
        .description("RTP sessions of SIP calls on this node").register(registry);
    Gauge.builder("switchboard.rtp.port.pairs.used", media, MediaNode::portsInUse)
        .description("RTP/RTCP port pairs held by calls").register(registry);
    Gauge.builder("switchboard.rtp.port.pairs.capacity", media, MediaNode::portCapacity)
        .description("RTP/RTCP port pairs in the media.rtp-port range").register(registry);
    MediaCounters counters = media.counters();
    for (String reason : DROP_REASONS) {
      FunctionCounter.builder("switchboard.rtp.dropped", counters, c -> c.rejectedCount(reason)).tag("reason", reason)
          .description("RTP/RTCP packets dropped by strict RTP, by reason").register(registry);
    }
  }
}
