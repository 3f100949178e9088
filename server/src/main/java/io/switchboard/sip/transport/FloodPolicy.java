package io.switchboard.sip.transport;

/**
 * Which token bucket of the {@link FloodLimiter} a source address draws from. The transport knows addresses only;
 * whoever knows more (the trunks' allowed sources, from the directory) tells it that some addresses belong
 * together and may send more: a carrier's SBC is one address carrying hundreds of calls, which the per-source limit
 * meant for strangers would cut to a few dozen calls a second.
 *
 * <p>Contract: called on the transport's event loop for every message before it is parsed, so it must answer from
 * memory, at once, and never block; it may be called concurrently with its own updates from other threads.
 */
@FunctionalInterface
public interface FloodPolicy {
  /**
   * A bucket shared by the addresses of one group (a trunk).
   *
   * @param key names the group; equal keys share one bucket
   * @param ratePerSecond messages per second the whole group may send, sustained
   * @param burst messages it may send at once
   */
  record Share(String key, double ratePerSecond, int burst) {
    public Share {
      if (key == null || ratePerSecond <= 0 || burst < 1) {
        throw new IllegalArgumentException("a share needs a key, a positive rate and a positive burst");
      }
    }
  }

  /** Every address alone, at the transport's per-source limit. */
  FloodPolicy PER_SOURCE = ip -> null;

  /**
   * The group {@code sourceIp} belongs to, or null: its own bucket at the per-source limit (sip.flood.*).
   *
   * @param sourceIp the packet's or connection's remote address (IPv6 in the RFC 5952 short form)
   */
  Share shareOf(String sourceIp);
}
