package io.switchboard.acd;

/**
 * A call as the ACD sees it. {@code state} is waiting, reserved, connected, ended, abandoned or lost (its node died
 * before it was answered); {@code agentId} is null while no agent holds it; {@code node} is the node anchoring the
 * call's media (where media and call-control requests for it must be sent), null if the enqueuer named none;
 * {@code caller} and {@code callerName} as given at enqueue (the caller's number and display name), null when
 * unknown. {@code deadlineEpochMs} is the offer's deadline while reserved, {@code answeredEpochMs} when it was
 * connected (0 otherwise); {@code held} and {@code muted} are the connected call's hold and the agent's mute, kept
 * so a page that reloads or moves to another node shows them again. {@code callback}: the number a virtual call (the
 * caller asked to be called back, keeping its place) is to be called back at; null for a caller on the line.
 * {@code voicemail}: the recording id of a voicemail (a virtual call holding a caller's message), {@code voicemailMs}
 * its length; null and 0 for any other call. {@code callerId}: the caller ID a virtual call is to be dialed with (a
 * campaign's), null for the queue's. {@code workCase}: the case of a backlog this is the offer or work of
 * ({@link CaseBacklog}), null for any call. {@code preview}: a campaign preview's card (JSON object text: the
 * contact, its previous attempts, its zone and calling hours; docs/campaigns.md), null for any other call.
 * {@code contactCard}: a campaign call's contact zone and calling hours (JSON object text {@code {zone, from, to}},
 * call.offered's {@code contact}), null for any other call.
 */
public record CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
    String node, String caller, String callerName, long deadlineEpochMs, long answeredEpochMs, boolean held,
    boolean muted, String callback, String voicemail, long voicemailMs, String callerId, WorkCase workCase,
    String preview, String contactCard) {

  /** A call with no contact card (no campaign's). */
  public CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
      String node, String caller, String callerName, long deadlineEpochMs, long answeredEpochMs, boolean held,
      boolean muted, String callback, String voicemail, long voicemailMs, String callerId, WorkCase workCase,
      String preview) {
    this(callId, queue, state, priority, enqueuedEpochMs, agentId, node, caller, callerName, deadlineEpochMs,
        answeredEpochMs, held, muted, callback, voicemail, voicemailMs, callerId, workCase, preview, null);
  }

  /** A call that is no campaign preview. */
  public CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
      String node, String caller, String callerName, long deadlineEpochMs, long answeredEpochMs, boolean held,
      boolean muted, String callback, String voicemail, long voicemailMs, String callerId, WorkCase workCase) {
    this(callId, queue, state, priority, enqueuedEpochMs, agentId, node, caller, callerName, deadlineEpochMs,
        answeredEpochMs, held, muted, callback, voicemail, voicemailMs, callerId, workCase, null);
  }

  /** A case as its offer shows it: {@code priority} low, normal, high or urgent; {@code dueAtMs} epoch ms. */
  public record WorkCase(long caseId, String subject, String priority, long dueAtMs) {}

  /** A call that is no case. */
  public CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
      String node, String caller, String callerName, long deadlineEpochMs, long answeredEpochMs, boolean held,
      boolean muted, String callback, String voicemail, long voicemailMs, String callerId) {
    this(callId, queue, state, priority, enqueuedEpochMs, agentId, node, caller, callerName, deadlineEpochMs,
        answeredEpochMs, held, muted, callback, voicemail, voicemailMs, callerId, null);
  }

  /** A call with no caller ID of its own. */
  public CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
      String node, String caller, String callerName, long deadlineEpochMs, long answeredEpochMs, boolean held,
      boolean muted, String callback, String voicemail, long voicemailMs) {
    this(callId, queue, state, priority, enqueuedEpochMs, agentId, node, caller, callerName, deadlineEpochMs,
        answeredEpochMs, held, muted, callback, voicemail, voicemailMs, null);
  }

  /** A call that is no voicemail. */
  public CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
      String node, String caller, String callerName, long deadlineEpochMs, long answeredEpochMs, boolean held,
      boolean muted, String callback) {
    this(callId, queue, state, priority, enqueuedEpochMs, agentId, node, caller, callerName, deadlineEpochMs,
        answeredEpochMs, held, muted, callback, null, 0);
  }

  /** A call that is no callback. */
  public CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
      String node, String caller, String callerName, long deadlineEpochMs, long answeredEpochMs, boolean held,
      boolean muted) {
    this(callId, queue, state, priority, enqueuedEpochMs, agentId, node, caller, callerName, deadlineEpochMs,
        answeredEpochMs, held, muted, null);
  }

  /** A call without offer deadline, answer time, hold or mute (waiting, or as tests build it). */
  public CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
      String node, String caller, String callerName) {
    this(callId, queue, state, priority, enqueuedEpochMs, agentId, node, caller, callerName, 0, 0, false, false);
  }
}
