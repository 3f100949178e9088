package io.switchboard.media.session;

/**
 * How a session's packets leave the node. Implemented by {@link RtpEndpoint} over Vert.x datagram sockets, and by
 * tests in memory: protocol logic never owns a socket. Called from the pacer thread; must not block.
 */
public interface MediaTransport {
  void sendRtp(byte[] packet, Peer to);

  /**
   * Sends {@code buffer[0, len)}, a buffer the caller reuses: the bytes are valid only during the call. The default
   * copies them for {@link #sendRtp(byte[], Peer)}; a transport that sends at once overrides it without the copy.
   */
  default void sendRtp(byte[] buffer, int len, Peer to) {
    sendRtp(java.util.Arrays.copyOf(buffer, len), to);
  }

  /** RTCP; with rtcp-mux the implementation sends on the RTP socket. */
  void sendRtcp(byte[] packet, Peer to);
}
