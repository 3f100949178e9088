package io.switchboard.webrtc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Counters of a node's WebRTC side (Micrometer, plus plain getters for tests). Thread-safe; no secrets. */
public final class WebRtcCounters {
  private final LongAdder authFailures = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder sendDropped = new LongAdder();
  private final LongAdder rtcp = new LongAdder();
  private final MeterRegistry registry;
  private final Counter authFailureCounter;

  WebRtcCounters(MeterRegistry registry, Supplier<Number> activeLegs) {
    this.registry = registry;
    Gauge.builder("switchboard.webrtc.legs.active", activeLegs).description("WebRTC legs not yet closed")
        .register(registry);
    authFailureCounter = Counter.builder("switchboard.webrtc.srtp.auth.failures")
        .description("SRTP/SRTCP packets from browsers that failed authentication").register(registry);
  }

  void authFailure() {
    authFailures.increment();
    authFailureCounter.increment();
  }

  void drop() {
    dropped.increment();
  }

  void sendDrop() {
    sendDropped.increment();
  }

  void rtcp() {
    rtcp.increment();
  }

  void closed(String reason) {
    registry.counter("switchboard.webrtc.legs.closed", "reason", reason).increment();
  }

  /** SRTP/SRTCP packets that failed authentication or replay checks. */
  public long authFailures() {
    return authFailures.sum();
  }

  /** Received datagrams dropped (unknown kind, before keys, queue full). */
  public long receivedDropped() {
    return dropped.sum();
  }

  /** RTP packets {@link WebRtcLeg#sendRtp} dropped (not connected, or send failed). */
  public long sendDropped() {
    return sendDropped.sum();
  }

  /** Authenticated SRTCP packets received (counted, otherwise ignored). */
  public long rtcpReceived() {
    return rtcp.sum();
  }
}
