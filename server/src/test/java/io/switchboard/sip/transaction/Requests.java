package io.switchboard.sip.transaction;

import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;

/** Test requests: a UAC's request without Via, and the same as received with a given Via. */
final class Requests {
  private Requests() {}

  static SipRequest outgoing(String method) {
    return outgoing(method, 1);
  }

  static SipRequest outgoing(String method, long cseq) {
    SipHeaders h = SipHeaders.builder()
        .add("Max-Forwards", "70")
        .add("From", "<sip:alice@uac.test>;tag=a1")
        .add("To", "<sip:bob@uas.test>")
        .add("Call-ID", "call-1@uac.test")
        .add("CSeq", cseq + " " + method)
        .add("Contact", "<sip:alice@uac.test:5060>")
        .build();
    return new SipRequest(method, "sip:bob@uas.test", h, new byte[0]);
  }

  static SipRequest incoming(String method, String via) {
    SipRequest r = outgoing(method);
    return r.withHeaders(r.headers().toBuilder().addFirst("Via", via).build());
  }

  /** The response a UAS would send to a request our layer sent (Via copied, To tag added). */
  static SipResponse answer(SipRequest sent, int status) {
    return SipResponses.create(sent, status, SipResponses.reason(status), status == 100 ? null : "b2");
  }
}
