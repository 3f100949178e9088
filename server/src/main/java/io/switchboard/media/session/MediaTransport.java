package io.switchboard.media.session;

/**
 * How a session's packets leave the node. Implemented by {@link RtpEndpoint} over Vert.x datagram sockets, and by
 * tests in memory: protocol logic never owns a socket. Called from the pacer thread; must not block.
 */
public interface MediaTransport {
  void sendRtp(byte[] packet, Peer to);

  /** RTCP; with rtcp-mux the implementation sends on the RTP socket. */
  void sendRtcp(byte[] packet, Peer to);
}
