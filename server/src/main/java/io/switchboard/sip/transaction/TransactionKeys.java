package io.switchboard.sip.transaction;

import io.switchboard.sip.SipMessage;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.Via;

/**
 * Matching rules as map keys. Thread-safe (static).
 *
 * <ul>
 *   <li>Client (§17.1.3): the response's top Via branch and its CSeq method.
 *   <li>Server (§17.2.3), branch with the magic cookie: branch, top Via sent-by, and the method, with
 *       ACK counting as INVITE. A CANCEL is its own transaction; {@link #server(SipRequest, String)}
 *       with "INVITE" finds the one it cancels (§9.2).
 *   <li>Server, RFC 2543 fallback (no cookie): Request-URI, From tag, Call-ID, CSeq number, the top
 *       Via and the method (ACK as INVITE). The To tag is left out: an INVITE has none and its ACK
 *       carries ours, so they could never match otherwise, and the other fields already tell
 *       transactions apart.
 * </ul>
 */
final class TransactionKeys {
  private TransactionKeys() {}

  static String client(SipResponse response) {
    return client(response.topVia().branch().orElse(""), response.cseq().method());
  }

  static String client(String branch, String method) {
    return branch + "|" + method;
  }

  static String server(SipRequest request) {
    return server(request, request.isMethod("ACK") ? "INVITE" : request.method());
  }

  static String server(SipRequest request, String method) {
    Via top = request.topVia();
    if (top.hasRfc3261Branch()) {
      return "3261|" + top.branch().orElseThrow() + "|" + top.sentBy().toLowerCase() + "|" + method;
    }
    return "2543|" + request.requestUri() + "|" + request.from().tag().orElse("") + "|" + request.callId()
        + "|" + request.cseq().number() + "|" + top.format() + "|" + method;
  }

  /** The ACK for a 2xx has a new branch (§17.1.1.3): it is matched to the INVITE through the dialog. */
  static String ack(SipMessage m) {
    return m.callId() + "|" + m.cseq().number() + "|" + m.from().tag().orElse("") + "|"
        + m.to().tag().orElse("");
  }
}
