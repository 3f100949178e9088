package io.switchboard.webrtc;

import java.io.IOException;
import java.net.DatagramPacket;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.PairSockets;
import org.ice4j.socket.IceSocketWrapper;

/**
 * Where one leg's datagrams go: the selected pair's socket and the browser's address, looked up once per selected
 * pair instead of per packet as ice4j's {@code Component.send} does (a synchronized map lookup keyed by the
 * browser's address, plus a holder object, per packet). A new selected pair (ICE renomination) is noticed on the
 * next send: the pair is compared by identity. Before a pair is selected, sends go through the component as before
 * (it falls back to a valid pair).
 *
 * <p>Thread-safe: any thread may send; the cached route is an immutable record in a volatile field.
 */
final class LegRoute {
  /** Off only to measure the lookup it saves side by side ({@code LegSendBenchmark}). */
  static volatile boolean enabled = true;

  private record Route(CandidatePair pair, IceSocketWrapper socket, TransportAddress remote) {}

  private final Component component;
  private volatile Route route;

  LegRoute(Component component) {
    this.component = component;
  }

  /** Sends {@code buf[off, off+len)} to the browser; the bytes are copied out before this returns. */
  void send(byte[] buf, int off, int len) throws IOException {
    Route r = enabled ? current() : null;
    if (r == null) {
      component.send(buf, off, len);
      return;
    }
    r.socket.send(new DatagramPacket(buf, off, len, r.remote));
  }

  private Route current() {
    CandidatePair pair = component.getSelectedPair();
    if (pair == null) {
      return null;
    }
    Route r = route;
    if (r == null || r.pair != pair) {
      IceSocketWrapper socket = PairSockets.socketOf(pair);
      if (socket == null) {
        return null;
      }
      r = new Route(pair, socket, pair.getRemoteCandidate().getTransportAddress());
      route = r;
    }
    return r;
  }
}
