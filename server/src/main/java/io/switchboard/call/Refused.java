package io.switchboard.call;

import io.switchboard.media.sdp.SdpException;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An INVITE refused with its SIP status: no stack trace, it is not an error of ours. */
final class Refused extends RuntimeException {
  private static final Logger LOG = LoggerFactory.getLogger(Refused.class);

  final int status;

  Refused(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  /**
   * Answers an INVITE whose set-up failed with {@code e}: a Refused with its status, an SdpException with 488 or
   * 400, anything else (logged) with 503. Nothing is sent when the INVITE already has its final response.
   */
  static void answer(ServerTransaction invite, Throwable e, String callId) {
    int status;
    String reason;
    if (e instanceof Refused r) {
      status = r.status;
      reason = r.getMessage();
    } else if (e instanceof SdpException s) {
      status = s.kind().sipStatus;
      reason = (status == 488 ? "Not Acceptable Here: " : "Bad Request: ") + s.getMessage();
    } else {
      LOG.warn("call.setup-failed call={} why={}", callId, e.toString());
      status = 503;
      reason = "Service Unavailable";
    }
    if (!invite.answered()) {
      invite.respond(SipResponses.create(invite.request(), status, reason.replaceAll("[\\r\\n]", " "),
          invite.localTag()));
    }
  }
}
