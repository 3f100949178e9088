package io.switchboard.sip.transaction;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transport.Destination;

/**
 * The layer above transactions (RFC 3261 §17: the "TU", here the call-control layer). Every method is
 * called on the transport's event loop and must not block.
 */
public interface TransactionUser {
  /**
   * A new request (not ACK, not CANCEL). Answer it on {@code tx}: {@link ServerTransaction#respond}. An
   * INVITE gets 100 Trying from the transaction after {@code sip.trying-delay} unless answered sooner.
   */
  void onRequest(ServerTransaction tx);

  /**
   * A CANCEL matching {@code invite} (§9.2). The TU answers both, usually with
   * {@link Cancels#accept}: 200 to the CANCEL and, if the INVITE has no final response yet, 487 to it.
   * A CANCEL matching no transaction never gets here: the layer answers it 481 itself.
   */
  default void onCancel(ServerTransaction cancel, ServerTransaction invite) {
    Cancels.accept(cancel, invite);
  }

  /**
   * An ACK that is not part of a transaction: the ACK for a 2xx (§13.3.1.4; it stops the 2xx
   * retransmissions of the INVITE transaction it matches) or a stray one.
   */
  default void onAck(SipRequest ack, Destination source) {}

  /**
   * A response matching no client transaction, or a retransmitted 2xx to an INVITE already answered
   * (RFC 6026: the UAC core re-sends its ACK for it, §13.2.2.4).
   */
  default void onStrayResponse(SipResponse response, Destination source) {}

  /**
   * An INVITE server transaction gave up: no ACK for its final response within 64*T1 (Timer H, or
   * RFC 6026 Timer L for a 2xx). For a 2xx, §13.3.1.4 says the UAS should end the dialog with BYE.
   */
  default void onServerTimeout(ServerTransaction tx) {}
}
