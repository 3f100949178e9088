package io.switchboard.call;

import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.RequestPolicy;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipUri;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transport.Contacts;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.Transport;
import java.nio.charset.StandardCharsets;

/**
 * The 200 OK that answers an inbound INVITE: the INVITE's Record-Route copied in order (RFC 3261 §12.1.1), our
 * {@code Allow} and {@code Supported}, the session timer's agreement (RFC 4028), a Contact for the transport the
 * INVITE came over, and our SDP (the answer, or with a late offer our offer). Pure: no state of its own.
 */
final class InviteOk {
  private InviteOk() {}

  static SipResponse response(InboundCall call, String sdp, String contact) {
    SipResponse ok = RequestPolicy.advertised(Dialog.recordRouted(call.invite.request(),
        call.invite.createResponse(200)));
    return ok.withHeaders(InboundDialogs.okHeaders(call, ok.headers().toBuilder()
            .set(HeaderNames.CONTACT, "<" + contact + ">")
            .set(HeaderNames.CONTENT_TYPE, "application/sdp")).build())
        .withBody(sdp.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Our Contact for the dialog {@code invite} creates: over the transport it came on, sips: when it asked (§26.2.2);
   * the TLS listener has its own port, UDP and TCP share the advertised one ({@code hostPort}).
   */
  static String contact(ServerTransaction invite, String hostPort, Transport transport) {
    Protocol arrival = invite.source().protocol();
    boolean sips = invite.request().sipUri().map(SipUri::secure).orElse(false);
    int port = arrival == Protocol.TLS ? transport.listenPort(Protocol.TLS) : -1;
    return Contacts.uri(hostPort, arrival, port, sips);
  }
}
