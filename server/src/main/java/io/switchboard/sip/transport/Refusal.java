package io.switchboard.sip.transport;

import java.util.Locale;

/** Why the transport refused inbound bytes; counted as switchboard.sip.transport.refused{reason=...}. */
public enum Refusal {
  /** Over the per-source rate ({@link FloodLimiter}): dropped unparsed. */
  FLOOD,
  /** Malformed and respondable: answered 400 (or 505) with the parser's reason. */
  ANSWERED,
  /** Malformed and not respondable (garbage, any bad response): dropped. */
  MALFORMED,
  /** Larger than the limit (§18.1.1, §18.3): 513 when readable on a stream, else dropped. */
  OVERSIZE;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
