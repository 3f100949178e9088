package io.switchboard.sip.dialog;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import java.util.Objects;

/**
 * A dialog's identity (RFC 3261 §12): Call-ID, local tag, remote tag. The tags are swapped between the
 * two ends: a UAC's local tag is the From tag, a UAS's is the To tag. Immutable.
 */
public record DialogId(String callId, String localTag, String remoteTag) {
  public DialogId {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(localTag, "localTag");
    Objects.requireNonNull(remoteTag, "remoteTag");
  }

  /** The dialog an incoming in-dialog request belongs to, seen from its receiver (§12.2.2). */
  public static DialogId ofIncoming(SipRequest request) {
    return new DialogId(request.callId(), request.to().tag().orElse(""), request.from().tag().orElse(""));
  }

  /** The dialog a response to our request belongs to, seen from the UAC (§12.1.2). */
  public static DialogId ofResponse(SipResponse response) {
    return new DialogId(response.callId(), response.from().tag().orElse(""), response.to().tag().orElse(""));
  }
}
