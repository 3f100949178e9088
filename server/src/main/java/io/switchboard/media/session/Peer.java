package io.switchboard.media.session;

/** A UDP transport address as text host + port (IP literals as Vert.x reports them, e.g. "127.0.0.1"). */
public record Peer(String host, int port) {
  public Peer {
    if (host == null || host.isEmpty() || port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad peer address " + host + ":" + port);
    }
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
