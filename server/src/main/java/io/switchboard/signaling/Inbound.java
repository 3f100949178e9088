package io.switchboard.signaling;

/**
 * Client → server messages, one record per {@code type}. The dispatcher removes {@code type} and
 * {@code id} from the JSON object and binds the rest strictly ({@link io.switchboard.json.StrictJson}):
 * an unknown, duplicate or wrongly typed field is refused; {@link #validate()} then checks presence and
 * limits. Every field is a JSON string (a number or boolean in its place is an {@code invalid-field}), but
 * {@code call.consult}'s {@code teamLeader}, a JSON boolean (a string in its place is an {@code invalid-field}).
 */
public sealed interface Inbound {
  int MAX_ID = 128;
  int MAX_REASON = 64;
  int MAX_NOTES = 4000;
  int MAX_TOKEN = 8192;
  /** A browser's SDP offer (Chromium's is ~3-6 KiB); far below ws.max-message-bytes (64 KiB by default). */
  int MAX_SDP = 16384;

  /** Throws {@link SignalingError} naming the first bad field. */
  void validate();

  /** {@code authenticate}: a fresh access token for the same tenant and subject, before the current one expires. */
  record Authenticate(String token) implements Inbound {
    public void validate() {
      require("token", token, MAX_TOKEN);
    }
  }

  /** {@code state.set}: available, away (with a reason) or offline. */
  record StateSet(String state, String reason) implements Inbound {
    public void validate() {
      require("state", state, 16);
      optional("reason", reason, MAX_REASON);
    }
  }

  /** {@code call.accept}: answer the call offered to this agent. */
  record CallAccept(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code call.reject}: decline the call offered to this agent. */
  record CallReject(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code preview.call}: dial the contact of the campaign preview offered to this agent. */
  record PreviewCall(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code preview.skip}: release the contact of the campaign preview offered to this agent, with a reason. */
  record PreviewSkip(String callId, String reason) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
      optional("reason", reason, MAX_REASON);
    }
  }

  /** {@code call.hangup}: end this agent's connected call. */
  record CallHangup(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code media.offer}: the browser's SDP offer for the call reserved for or connected to this agent. */
  record MediaOffer(String callId, String sdp) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
      require("sdp", sdp, MAX_SDP);
    }
  }

  /** {@code call.hold}: the caller of this agent's connected call hears music on hold. */
  record CallHold(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /**
   * {@code call.mute}: the agent muted ({@code "true"}) or unmuted ({@code "false"}) its microphone on the connected
   * call. The browser mutes by itself; the server keeps it so a reloaded or moved page stays muted.
   */
  record CallMute(String callId, String muted) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
      require("muted", muted, 5);
      if (!muted.equals("true") && !muted.equals("false")) {
        throw SignalingError.invalid("muted", "must be \"true\" or \"false\"");
      }
    }
  }

  /** {@code recording.pause}: the connected call's recording goes silent (card numbers) until resumed. */
  record RecordingPause(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code recording.resume}: the paused recording goes on. */
  record RecordingResume(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code recording.start}: record the connected call (queues whose policy is on-demand). */
  record RecordingStart(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code call.resume}: back from hold. */
  record CallResume(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /**
   * {@code call.consult}: the agent consults, on its connected call, exactly one of colleague {@code agentId}, its
   * team's leader ({@code teamLeader}: JSON {@code true}, the one field of these messages that is not a string) or
   * the longest idle available agent of queue {@code queueId}.
   */
  record CallConsult(String callId, String agentId, Boolean teamLeader, String queueId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
      if (Boolean.FALSE.equals(teamLeader)) {
        throw SignalingError.invalid("teamLeader", "must be true when given");
      }
      int given = (agentId != null ? 1 : 0) + (teamLeader != null ? 1 : 0) + (queueId != null ? 1 : 0);
      if (given == 0) {
        throw new SignalingError(SignalingError.MISSING_FIELD, "agentId",
            "field 'agentId' (or 'teamLeader' or 'queueId') is required");
      }
      if (given > 1) {
        throw SignalingError.invalid(agentId == null ? "queueId" : queueId != null ? "queueId" : "teamLeader",
            "give exactly one of agentId, teamLeader and queueId");
      }
      if (agentId != null) {
        require("agentId", agentId, MAX_ID);
      }
      if (queueId != null) {
        require("queueId", queueId, MAX_ID);
      }
    }
  }

  /** {@code call.consult.accept}: the consulted colleague joins with its browser's SDP offer. */
  record CallConsultAccept(String callId, String sdp) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
      require("sdp", sdp, MAX_SDP);
    }
  }

  /**
   * {@code call.consult.decline}: the consulted colleague declines the consult it was offered, optionally saying why
   * ({@code reason}, shown to the consulting agent and kept in the interaction's timeline).
   */
  record CallConsultDecline(String callId, String reason) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
      optional("reason", reason, MAX_REASON);
    }
  }

  /** {@code call.conference}: the consult becomes a three-way conference. */
  record CallConference(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code call.consult.complete}: warm transfer to the consulted colleague. */
  record CallConsultComplete(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code call.consult.cancel}: the agent returns to its caller; the colleague's leg ends. */
  record CallConsultCancel(String callId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
    }
  }

  /** {@code call.transfer}: blind transfer of the connected call to exactly one of a queue or an agent. */
  record CallTransfer(String callId, String queue, String agentId) implements Inbound {
    public void validate() {
      require("callId", callId, MAX_ID);
      if (queue == null && agentId == null) {
        throw SignalingError.invalid("queue", "or 'agentId' is required (exactly one of them)");
      }
      if (queue != null && agentId != null) {
        throw SignalingError.invalid("agentId", "must not be given together with 'queue' (exactly one of them)");
      }
      if (queue != null) {
        require("queue", queue, MAX_ID);
      } else {
        require("agentId", agentId, MAX_ID);
      }
    }
  }

  /**
   * {@code call.dial}: an available or away agent calls {@code number} (as typed or pasted: parsed against the
   * tenant's default country), optionally for {@code queueId} (its caller ID and wrap-up time).
   */
  record CallDial(String number, String queueId) implements Inbound {
    public void validate() {
      require("number", number, io.switchboard.dial.PhoneNumbers.MAX_INPUT);
      optional("queueId", queueId, MAX_ID);
      if (queueId != null && queueId.isBlank()) {
        throw SignalingError.invalid("queueId", "must not be empty");
      }
    }
  }

  /** {@code wrapup.done}: finish wrap-up with a disposition code and optional notes. */
  record WrapupDone(String callId, String disposition, String notes, String callbackAt) implements Inbound {
    public WrapupDone(String callId, String disposition, String notes) {
      this(callId, disposition, notes, null);
    }

    public void validate() {
      require("callId", callId, MAX_ID);
      require("disposition", disposition, MAX_REASON);
      optional("notes", notes, MAX_NOTES);
      callbackInstant();
    }

    /**
     * The call-back time the agent picked for a campaign contact, or null: ISO-8601 with an offset
     * ({@code 2026-12-08T10:00:00-05:00}), strictly; anything else is an {@code invalid-field callbackAt}.
     */
    public java.time.Instant callbackInstant() {
      if (callbackAt == null) {
        return null;
      }
      optional("callbackAt", callbackAt, 64);
      try {
        return java.time.OffsetDateTime.parse(callbackAt, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw SignalingError.invalid("callbackAt", "must be an ISO-8601 date and time with an offset, "
            + "like 2026-12-08T10:00:00-05:00");
      }
    }
  }

  /** {@code stats.subscribe} (supervisors): receive {@code stats} for the own tenant periodically. */
  record StatsSubscribe() implements Inbound {
    public void validate() {}
  }

  /** {@code stats.unsubscribe}. */
  record StatsUnsubscribe() implements Inbound {
    public void validate() {}
  }

  /**
   * {@code monitor.start} (supervisors, admins): listen to, whisper to or barge into the connected call of
   * {@code agentId}, with the wallboard's own SDP offer; answered by {@code monitor.started} with our answer.
   */
  record MonitorStart(String agentId, String mode, String sdp) implements Inbound {
    public void validate() {
      require("agentId", agentId, MAX_ID);
      requireMode(mode);
      require("sdp", sdp, MAX_SDP);
    }
  }

  /** {@code monitor.mode}: the monitor session of this supervisor goes on in another mode. */
  record MonitorChange(String mode) implements Inbound {
    public void validate() {
      requireMode(mode);
    }
  }

  /** {@code monitor.stop}: the monitor session of this supervisor ends. */
  record MonitorStop() implements Inbound {
    public void validate() {}
  }

  /** The longest chat line a client may send here (chat.max-message-chars is checked by the chat service). */
  int MAX_CHAT_TEXT = 100_000;

  /** {@code chat.accept}: take the chat offered to this agent; the reply carries the conversation so far. */
  record ChatAccept(String chatId) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
    }
  }

  /** {@code chat.reject}: decline the chat offered to this agent. */
  record ChatReject(String chatId) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
    }
  }

  /** {@code chat.send}: a line in this agent's chat (plain text, shown as text). */
  record ChatSend(String chatId, String text) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
      require("text", text, MAX_CHAT_TEXT);
    }
  }

  /** {@code chat.typing}: the agent is typing in its chat (the customer sees an indicator). */
  record ChatTyping(String chatId) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
    }
  }

  /** {@code chat.transfer}: hand this agent's chat to a chat queue or to an agent (exactly one). */
  record ChatTransfer(String chatId, String queue, String agentId) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
      optional("queue", queue, MAX_ID);
      optional("agentId", agentId, MAX_ID);
      if ((queue == null) == (agentId == null)) {
        throw SignalingError.invalid("queue", "give a queue or an agentId, not both and not neither");
      }
    }
  }

  /** {@code chat.end}: the agent ends its chat, with a disposition (optional). */
  record ChatEnd(String chatId, String disposition) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
      optional("disposition", disposition, MAX_REASON);
    }
  }

  /** {@code chat.watch} (supervisors): watch a connected chat live; the reply has the conversation so far. */
  record ChatWatch(String chatId) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
    }
  }

  /** {@code chat.unwatch}: stop watching a chat. */
  record ChatUnwatch(String chatId) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
    }
  }

  /** {@code chat.whisper}: a private line to the agent of a chat this supervisor watches (the customer never gets it). */
  record ChatWhisper(String chatId, String text) implements Inbound {
    public void validate() {
      require("chatId", chatId, MAX_ID);
      require("text", text, MAX_CHAT_TEXT);
    }
  }

  /** {@code ping}: answered by {@code pong}. */
  record Ping() implements Inbound {
    public void validate() {}
  }

  static void require(String field, String value, int maxLength) {
    if (value == null) {
      throw SignalingError.missing(field);
    }
    if (value.isBlank()) {
      throw SignalingError.invalid(field, "must not be empty");
    }
    optional(field, value, maxLength);
  }

  static void requireMode(String mode) {
    require("mode", mode, 16);
    if (io.switchboard.monitor.MonitorMode.fromWire(mode).isEmpty()) {
      throw SignalingError.invalid("mode", "must be listen, whisper or barge");
    }
  }

  static void optional(String field, String value, int maxLength) {
    if (value != null && value.length() > maxLength) {
      throw SignalingError.invalid(field, "must be at most " + maxLength + " characters");
    }
  }
}
