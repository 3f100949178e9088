package org.ice4j.ice;

import org.ice4j.socket.IceSocketWrapper;

/**
 * What ice4j's {@code Component.send} looks up for every packet, made reachable so a leg can look it up once per
 * selected pair (issue 20: no per-packet lookup on the relay path). It lives in ice4j's package only because
 * {@link LocalCandidate#getCandidateIceSocketWrapper(java.net.SocketAddress)} is protected there; it is the same
 * lookup as {@code Component.getAddressAndSocket} in ice4j 3.2-15-g6da2b08 (the local candidate's base, the remote
 * candidate's address), nothing else. Stateless, thread-safe.
 */
public final class PairSockets {
  private PairSockets() {}

  /** The socket {@code Component.send} would use for {@code pair}, or null when it has none (yet). */
  public static IceSocketWrapper socketOf(CandidatePair pair) {
    LocalCandidate local = pair.getLocalCandidate();
    if (local != null && local.getBase() != null) {
      local = local.getBase();
    }
    return local == null ? null : local.getCandidateIceSocketWrapper(pair.getRemoteCandidate().getTransportAddress());
  }
}
