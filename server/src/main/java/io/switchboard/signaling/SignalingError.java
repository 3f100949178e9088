package io.switchboard.signaling;

/**
 * A request refused by signaling, sent to the client as {@code {"type":"error","code":..,"message":..,
 * "field":..}}. Codes are stable and listed in docs/protocol.md; the socket stays open.
 */
public final class SignalingError extends RuntimeException {
  public static final String BAD_JSON = "bad-json";
  public static final String DUPLICATE_FIELD = "duplicate-field";
  public static final String UNKNOWN_FIELD = "unknown-field";
  public static final String MISSING_FIELD = "missing-field";
  public static final String INVALID_FIELD = "invalid-field";
  public static final String UNKNOWN_TYPE = "unknown-type";
  public static final String BINARY_UNSUPPORTED = "binary-unsupported";
  public static final String FORBIDDEN = "forbidden";
  public static final String TOKEN_INVALID = "token-invalid";
  public static final String TOKEN_MISMATCH = "token-mismatch";
  public static final String NOT_YOUR_CALL = "not-your-call";
  public static final String UNAVAILABLE = "unavailable";
  /** A call-scoped request for a call the ACD does not know (ended, or never existed). */
  public static final String NO_CALL = "no-call";
  /** {@code call.transfer} to an agent that is not available (the ACD's code, listed here for clients). */
  public static final String AGENT_UNAVAILABLE = "agent-unavailable";
  /** {@code wrapup.done} with a disposition its queue does not list (the ACD's code, listed here for clients). */
  public static final String BAD_DISPOSITION = "bad-disposition";
  /** {@code state.set} away with a reason its tenant does not list (the ACD's code, listed here for clients). */
  public static final String BAD_REASON = "bad-reason";
  /** {@code media.offer} whose SDP is refused before it is forwarded; {@code field} = {@code sdp}. */
  public static final String BAD_OFFER = "bad-offer";
  /** {@code monitor.mode} / {@code monitor.stop} without a monitor session. */
  public static final String NO_SESSION = "no-session";
  /** {@code monitor.start} for a call held by another node than the supervisor's socket (not supported yet). */
  public static final String CROSS_NODE = "cross-node";
  /** {@code monitor.start} for a call that has {@code supervision.max-monitors-per-call} supervisors already. */
  public static final String TOO_MANY_MONITORS = "too-many-monitors";
  /** {@code monitor.start} while this supervisor monitors another call. */
  public static final String BUSY = "busy";
  /** chat.whisper or chat.unwatch on a chat this socket does not watch. */
  public static final String NOT_WATCHING = "not-watching";
  public static final String INTERNAL = "internal";

  private final String code;
  private final String field;

  public SignalingError(String code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  public static SignalingError missing(String field) {
    return new SignalingError(MISSING_FIELD, field, "field '" + field + "' is required");
  }

  public static SignalingError invalid(String field, String why) {
    return new SignalingError(INVALID_FIELD, field, "field '" + field + "' " + why);
  }

  public static SignalingError forbidden(String why) {
    return new SignalingError(FORBIDDEN, null, why);
  }

  public String code() {
    return code;
  }

  /** The offending field, or null. */
  public String field() {
    return field;
  }
}
