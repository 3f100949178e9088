package io.switchboard.call;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transaction.ForwardingTransactionUser;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transport.Destination;

/**
 * The SIP listener's transaction user when outbound calls share it: requests, ACKs of 2xx and stray 2xx of outbound
 * dialogs (known by Call-ID) go to {@link OutboundCalls}, the rest (and everything else) to the inbound TU.
 * Event loop only.
 */
final class OutboundRouting extends ForwardingTransactionUser {
  private final OutboundCalls outbound;

  OutboundRouting(OutboundCalls outbound, TransactionUser inbound) {
    super(inbound);
    this.outbound = outbound;
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    if (!outbound.onRequest(tx)) {
      next.onRequest(tx);
    }
  }

  @Override
  public void onAck(SipRequest ack, Destination source) {
    if (!outbound.onAck(ack, source)) {
      next.onAck(ack, source);
    }
  }

  @Override
  public void onStrayResponse(SipResponse response, Destination source) {
    if (!outbound.onStrayResponse(response, source)) {
      next.onStrayResponse(response, source);
    }
  }
}
