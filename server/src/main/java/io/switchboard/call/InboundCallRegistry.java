package io.switchboard.call;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.dialog.DialogId;
import io.switchboard.sip.transaction.ServerTransaction;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inbound calls of one SIP listener, found three ways: by RFC 3261 §12 dialog id (Call-ID, our To tag, the
 * caller's From tag) for every in-dialog request — from the INVITE on, since our tag is fixed by its transaction and
 * sent on every response, the early dialog included; by the caller's half of that id (Call-ID, From tag), which is
 * all a copy of the INVITE carries (§8.2.2.2); and by the ACD's call id, for messages from the ACD.
 *
 * <p>Threading: written on the SIP event loop only; concurrent maps so that operations and tests may read sizes and
 * snapshots from any thread.
 */
final class InboundCallRegistry {
  private final Map<DialogId, InboundCall> byDialog = new ConcurrentHashMap<>();
  private final Map<DialogId, InboundCall> byCaller = new ConcurrentHashMap<>();
  private final Map<String, InboundCall> byCallId = new ConcurrentHashMap<>();

  void add(InboundCall call) {
    byDialog.put(call.dialogId, call);
    byCaller.put(InboundCall.callerHalf(call.invite.request()), call);
    byCallId.put(call.callId, call);
  }

  void remove(InboundCall call) {
    byDialog.remove(call.dialogId, call);
    byCaller.remove(InboundCall.callerHalf(call.invite.request()), call);
    byCallId.remove(call.callId, call);
  }

  /** The call whose dialog the request's Call-ID, To tag and From tag name (§12.2.2), or null. */
  InboundCall inDialog(SipRequest request) {
    return byDialog.get(DialogId.ofIncoming(request));
  }

  /** The call whose dialog a response to one of our in-dialog requests belongs to (From: our tag), or null. */
  InboundCall ofResponse(SipResponse response) {
    return byDialog.get(DialogId.ofResponse(response));
  }

  /** The call an INVITE server transaction created, or null. */
  InboundCall ofInvite(ServerTransaction invite) {
    return byDialog.get(InboundCall.dialogId(invite));
  }

  /** A live call whose INVITE had this request's Call-ID and From tag, or null. */
  InboundCall sameCaller(SipRequest request) {
    return byCaller.get(InboundCall.callerHalf(request));
  }

  /** By the ACD's id, or null. */
  InboundCall byCallId(String callId) {
    return byCallId.get(callId);
  }

  /** A live view (iterate on the event loop, or copy). */
  Collection<InboundCall> all() {
    return byCallId.values();
  }

  int size() {
    return byCallId.size();
  }

  Set<String> callIds() {
    return Set.copyOf(byCallId.keySet());
  }
}
