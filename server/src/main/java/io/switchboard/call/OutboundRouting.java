package io.switchboard.call;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transport.Destination;

/**
 * The SIP listener's transaction user when outbound calls share it: requests and stray 2xx of outbound
 * dialogs (known by Call-ID) go to {@link OutboundCalls}, the rest to the inbound TU. Event loop only.
 */
final class OutboundRouting implements TransactionUser {
  private final OutboundCalls outbound;
  private final TransactionUser inbound;

  OutboundRouting(OutboundCalls outbound, TransactionUser inbound) {
    this.outbound = outbound;
    this.inbound = inbound;
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    if (!outbound.onRequest(tx)) {
      inbound.onRequest(tx);
    }
  }

  @Override
  public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
    inbound.onCancel(cancel, invite);
  }

  @Override
  public void onAck(SipRequest ack, Destination source) {
    inbound.onAck(ack, source);
  }

  @Override
  public void onStrayResponse(SipResponse response, Destination source) {
    if (!outbound.onStrayResponse(response, source)) {
      inbound.onStrayResponse(response, source);
    }
  }

  @Override
  public void onServerTimeout(ServerTransaction tx) {
    inbound.onServerTimeout(tx);
  }
}
