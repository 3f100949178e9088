package io.switchboard.monitor;

import io.vertx.core.Future;

/**
 * What signaling needs from the node holding a call to let supervisors listen, whisper or barge: one monitor session
 * per supervisor, on a call held by this node (the supervisor's socket may be on another node: {@code supervisorNode});
 * several supervisors may be on one call, each in its own mode. Refusals fail the future with {@link MonitorRefused}
 * (nothing changed).
 * Thread-safe: any thread may call; futures complete on the call layer's context.
 */
public interface Monitoring {

  /**
   * Joins {@code supervisorId} to the call {@code callId} connected to {@code agentId}, in {@code mode}, with a new
   * browser leg answering {@code offerSdp}. Refused with {@code no-call} (not on this node, ended, or not connected
   * to that agent), {@code too-many-monitors} (the call has {@code supervision.max-monitors-per-call} supervisors
   * already), {@code consulting} (the agent consults a colleague), {@code busy} (this supervisor already monitors
   * another call: stop first), {@code bad-offer} or {@code unavailable} (no WebRTC media here). The same supervisor
   * starting again on the call it monitors replaces its leg and mode, the other supervisors untouched.
   *
   * @param supervisorNode the node holding the supervisor's socket (where {@code monitor.ended} goes)
   */
  Future<Started> start(String tenant, String callId, String agentId, String supervisorId, String supervisorNode,
      MonitorMode mode, String offerSdp);

  /** Changes the mode of this supervisor's session; {@code no-session} when it has none. */
  Future<Session> mode(String tenant, String supervisorId, MonitorMode mode);

  /** Ends this supervisor's session (its leg closes); {@code no-session} when it has none. */
  Future<Session> stop(String tenant, String supervisorId);

  /** The supervisor's session on this node's calls, or null (the future never fails). */
  Future<Session> session(String tenant, String supervisorId);

  /** The supervisor's last socket on this node closed: its session (if any) ends. */
  void supervisorGone(String tenant, String supervisorId);

  /** A session as started or changed: the call, its agent, the mode. */
  record Session(String callId, String agentId, MonitorMode mode) {}

  /** A started session and our SDP answer for the supervisor's browser. */
  record Started(Session session, String answerSdp) {}
}
