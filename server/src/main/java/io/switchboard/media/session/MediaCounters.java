package io.switchboard.media.session;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide media counters (one instance per node, shared by all sessions; thread-safe). Rejections are counted by
 * a stable reason label so metrics can export them as a tag.
 */
public final class MediaCounters {
  private final LongAdder rtpIn = new LongAdder();
  private final LongAdder rtpOut = new LongAdder();
  private final LongAdder rtcpIn = new LongAdder();
  private final LongAdder rtcpOut = new LongAdder();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

  public void rtpIn() {
    rtpIn.increment();
  }

  public void rtpOut() {
    rtpOut.increment();
  }

  public void rtcpIn() {
    rtcpIn.increment();
  }

  public void rtcpOut() {
    rtcpOut.increment();
  }

  /**
   * A packet refused: malformed ("bad-version", ...), "unexpected-pt", strict RTP's "stranger", "probation",
   * "rtcp-stranger" (see RtpSourceFilter), ...
   */
  public void rejected(String reason) {
    rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public long rtpInCount() {
    return rtpIn.sum();
  }

  public long rtpOutCount() {
    return rtpOut.sum();
  }

  public long rtcpInCount() {
    return rtcpIn.sum();
  }

  public long rtcpOutCount() {
    return rtcpOut.sum();
  }

  public long rejectedCount(String reason) {
    LongAdder a = rejected.get(reason);
    return a == null ? 0 : a.sum();
  }

  /** Snapshot of rejections by reason, sorted. */
  public Map<String, Long> rejections() {
    Map<String, Long> out = new TreeMap<>();
    rejected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
