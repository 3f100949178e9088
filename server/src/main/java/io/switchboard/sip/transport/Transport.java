package io.switchboard.sip.transport;

import io.switchboard.sip.SipMessage;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.vertx.core.Future;

/**
 * What the transaction layer needs of a transport (RFC 3261 §18). {@link SocketTransport} is the real
 * one; tests may use an in-memory one. Every method is called on, and every listener call happens on,
 * the transport's event loop.
 */
public interface Transport {
  /** Receives valid messages; malformed, oversized and flood traffic never gets here. */
  interface Listener {
    /**
     * @param message a request (its top Via already carries received/rport, §18.2.1) or a response
     * @param source the remote address it came from, with its transport
     */
    void onMessage(SipMessage message, Destination source);
  }

  /** A request ready to go: its top Via stamped, and the transport actually chosen. */
  record Outbound(SipRequest request, Destination destination) {}

  void listener(Listener listener);

  /**
   * §18.1.1: picks the transport (a UDP request above the MTU limit goes over TCP) and writes it and
   * this element's sent-by into the top Via, which must exist and carry the branch. Does not send.
   */
  Outbound prepare(SipRequest request, Destination destination);

  /** Sends a request prepared by {@link #prepare} (or a retransmission of it). Fails on transport error. */
  Future<Void> send(SipMessage message, Destination destination);

  /**
   * §18.2.2: sends a response back: over the connection the request came on when it is still open,
   * else to the top Via's received (or sent-by) host and its rport (or sent-by) port.
   *
   * @param source where the request came from
   */
  Future<Void> sendResponse(SipResponse response, Destination source);

  /** The port this transport listens on for {@code protocol} (for Contact and Via), -1 when it does not listen. */
  default int listenPort(Protocol protocol) {
    return -1;
  }
}
