package io.switchboard.call;

import io.switchboard.media.sdp.SdpException;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An INVITE refused with its SIP status: no stack trace, it is not an error of ours. {@code retryAfterSeconds}: the
 * Retry-After of the response (0: none).
 */
final class Refused extends RuntimeException {
  private static final Logger LOG = LoggerFactory.getLogger(Refused.class);

  final int status;
  final int retryAfterSeconds;

  Refused(int status, String reason) {
    this(status, reason, 0);
  }

  Refused(int status, String reason, int retryAfterSeconds) {
    super(reason, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Answers an INVITE whose set-up failed with {@code e}: a Refused with its status (and Retry-After when it has
   * one), an SdpException with 488 or 400, anything else (logged) with 503. Nothing is sent when the INVITE already
   * has its final response.
   */
  static void answer(ServerTransaction invite, Throwable e, String callId) {
    int status;
    String reason;
    int retryAfter = 0;
    if (e instanceof Refused r) {
      status = r.status;
      reason = r.getMessage();
      retryAfter = r.retryAfterSeconds;
    } else if (e instanceof SdpException s) {
      status = s.kind().sipStatus;
      reason = (status == 488 ? "Not Acceptable Here: " : "Bad Request: ") + s.getMessage();
    } else {
      LOG.warn("call.setup-failed call={} why={}", callId, e.toString());
      status = 503;
      reason = "Service Unavailable";
    }
    if (!invite.answered()) {
      SipResponse refusal = SipResponses.create(invite.request(), status, reason.replaceAll("[\\r\\n]", " "),
          invite.localTag());
      if (retryAfter > 0) {
        refusal = refusal.withHeaders(refusal.headers().with("Retry-After", Integer.toString(retryAfter)));
      }
      invite.respond(refusal);
    }
  }
}
