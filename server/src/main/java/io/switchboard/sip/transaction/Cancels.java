package io.switchboard.sip.transaction;

import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponses;

/** CANCEL helpers for both sides (RFC 3261 §9). */
public final class Cancels {
  private Cancels() {}

  /**
   * §9.2 for a UAS: 200 to the CANCEL, and 487 Request Terminated to the INVITE if it has no final
   * response yet (if it has, the CANCEL has no effect but still gets its 200).
   */
  public static void accept(ServerTransaction cancel, ServerTransaction invite) {
    // §9.2: the 200's To tag is the one the INVITE's responses carry
    cancel.respond(SipResponses.create(cancel.request(), 200, "OK", invite.localTag()));
    if (!invite.answered()) {
      invite.respond(487);
    }
  }

  /**
   * §9.1: the CANCEL for an INVITE sent by {@code tx}: same Request-URI, Call-ID, To, From, CSeq number,
   * Route and top Via (so the same branch, and the same hop), method CANCEL. Send it with
   * {@link TransactionLayer#send} to {@code tx.destination()}, and only after a provisional arrived.
   */
  public static SipRequest create(ClientTransaction tx) {
    SipRequest invite = tx.request();
    SipHeaders in = invite.headers();
    SipHeaders.Builder b = SipHeaders.builder();
    b.add(HeaderNames.VIA, in.values(HeaderNames.VIA).get(0));
    b.add(HeaderNames.MAX_FORWARDS, "70");
    in.first(HeaderNames.FROM).ifPresent(v -> b.add(HeaderNames.FROM, v));
    in.first(HeaderNames.TO).ifPresent(v -> b.add(HeaderNames.TO, v));
    b.add(HeaderNames.CALL_ID, invite.callId());
    b.add(HeaderNames.CSEQ, invite.cseq().number() + " CANCEL");
    for (String route : in.values(HeaderNames.ROUTE)) {
      b.add(HeaderNames.ROUTE, route);
    }
    return new SipRequest("CANCEL", invite.requestUri(), b.build(), new byte[0]);
  }
}
