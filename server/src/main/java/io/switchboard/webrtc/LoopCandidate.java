package io.switchboard.webrtc;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.socket.IceSocketWrapper;

/**
 * One agent's host candidate on the {@link LoopHarvester}'s shared port: ice4j's {@code MyCandidate} without the
 * per-remote queue and multiplexing sockets. Each browser address that sent a valid-looking check gets a
 * {@link LoopSocket}, registered with the agent's StunStack (which needs it to send STUN) and returned to
 * {@code Component.send}. Thread-safe.
 */
final class LoopCandidate extends HostCandidate {
  private final LoopHarvester harvester;
  private final String ufrag;
  private final Map<SocketAddress, LoopSocket> sockets = new ConcurrentHashMap<>();
  private volatile boolean freed;

  LoopCandidate(LoopHarvester harvester, Component component, String ufrag) {
    super(harvester.localAddress(), component);
    this.harvester = harvester;
    this.ufrag = ufrag;
  }

  /**
   * Media loop: the first check from {@code remote}; null once the candidate is freed or the agent is done (ice4j
   * refuses new remotes then too).
   */
  synchronized LoopSocket accept(InetSocketAddress remote) {
    if (freed || getParentComponent().getParentStream().getParentAgent().getState().isOver()) {
      return null;
    }
    LoopSocket s = sockets.get(remote);
    if (s == null) {
      s = new LoopSocket(harvester, this, new TransportAddress(remote, Transport.UDP));
      sockets.put(remote, s);
      harvester.route(remote, s);
      getStunStack().addSocket(s, s.remote());
    }
    return s;
  }

  @Override
  protected IceSocketWrapper getCandidateIceSocketWrapper(SocketAddress remote) {
    return sockets.get(remote);
  }

  @Override
  public void free() {
    List<LoopSocket> all;
    synchronized (this) {
      if (freed) {
        return;
      }
      freed = true;
      all = List.copyOf(sockets.values());
      sockets.clear();
    }
    harvester.forget(ufrag, this, all);
    for (LoopSocket s : all) {
      getStunStack().removeSocket(harvester.localAddress(), s.remote()); // stops the connector; closes s
      s.close();
    }
    super.free();
  }
}
