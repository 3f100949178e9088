package io.switchboard.call;

/**
 * Why an outbound call did not connect. {@link #status()} is the SIP status that decided it (the trunk's
 * final response, 487 after our CANCEL, a synthesised 408/503 when no address answered), or 0 when the
 * call never left the node (bad number, unknown or disabled trunk). No stack trace: not a bug of ours.
 */
public final class OutboundCallException extends RuntimeException {
  /** The outcome class, for callers that branch on it. */
  public enum Kind {
    /** The request was refused before sending: bad number, unknown/disabled trunk, no addresses. */
    INVALID,
    /** The trunk answered a final non-2xx (busy, declined, 404, or a challenge we could not meet). */
    REJECTED,
    /** Every address timed out (408) or failed at the transport / answered 503. */
    UNREACHABLE,
    /** We cancelled it before the answer (487). */
    CANCELLED,
    /** The trunk already carries its maxConcurrentCalls (across the cluster): nothing was sent (status 503). */
    TRUNK_FULL
  }

  private final Kind kind;
  private final int status;

  public OutboundCallException(Kind kind, int status, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The SIP status, or 0 for {@link Kind#INVALID}. */
  public int status() {
    return status;
  }
}
