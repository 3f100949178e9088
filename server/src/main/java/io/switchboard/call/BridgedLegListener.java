package io.switchboard.call;

import io.switchboard.webrtc.WebRtcLeg;
import java.util.concurrent.Executor;

/**
 * A browser leg of a call (the agent's, or a supervisor's) whose packets go into the call's {@link Bridge}, on the
 * caller socket's media loop: the thread that sends to the caller. What a leg's connection and loss mean is the
 * subclass's. {@link #leg} is set once the leg exists; packets before it are dropped.
 */
abstract class BridgedLegListener implements WebRtcLeg.Listener {
  final InboundCall call;
  private final Executor rtpExecutor;
  volatile WebRtcLeg leg;

  /** On the call layer's context (reads {@code call.media}). */
  BridgedLegListener(InboundCall call) {
    this.call = call;
    this.rtpExecutor = call.media == null ? null : call.media.endpoint().deferredExecutor();
  }

  @Override
  public final Executor rtpExecutor() {
    return rtpExecutor;
  }

  @Override
  public final void onRtp(byte[] data, int off, int len) {
    Bridge b = call.bridge;
    WebRtcLeg l = leg;
    if (b != null && l != null) {
      b.fromAgent(l, data, off, len);
    }
  }
}
