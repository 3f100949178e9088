package io.switchboard.sip.transaction;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transport.Destination;

/**
 * A {@link TransactionUser} that passes everything to another: decorators in front of call control (routing,
 * overload control) override only what they change, and a method added to the interface is forwarded in one place.
 * Same threading contract as the interface.
 */
public abstract class ForwardingTransactionUser implements TransactionUser {
  protected final TransactionUser next;

  protected ForwardingTransactionUser(TransactionUser next) {
    this.next = next;
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    next.onRequest(tx);
  }

  @Override
  public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
    next.onCancel(cancel, invite);
  }

  @Override
  public void onAck(SipRequest ack, Destination source) {
    next.onAck(ack, source);
  }

  @Override
  public void onStrayResponse(SipResponse response, Destination source) {
    next.onStrayResponse(response, source);
  }

  @Override
  public void onServerTimeout(ServerTransaction tx) {
    next.onServerTimeout(tx);
  }
}
