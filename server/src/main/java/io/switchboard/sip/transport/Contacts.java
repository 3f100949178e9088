package io.switchboard.sip.transport;

/**
 * The URI this element puts in a Contact (§8.1.1.8, §12.1.1): where the peer sends the dialog's next requests, so
 * it names the transport the dialog was set up over, and is a sips: URI when the request asked for one (§26.2.2:
 * "sips" in the Request-URI makes the UAS's Contact sips too). Pure.
 */
public final class Contacts {
  private Contacts() {}

  /**
   * @param hostPort our advertised "host:port" (IPv6 in brackets); its port is replaced by {@code port} when that
   *     is positive (the TLS listener's port differs from the UDP/TCP one)
   * @param arrival the transport the dialog-creating request came over
   * @param sips the request's URI was sips: (only honoured over TLS, the one transport that can keep the promise)
   */
  public static String uri(String hostPort, Protocol arrival, int port, boolean sips) {
    int colon = hostPort.lastIndexOf(':');
    boolean hasPort = colon > hostPort.lastIndexOf(']');
    String host = hasPort ? hostPort.substring(0, colon) : hostPort;
    String hp = port > 0 ? host + ":" + port : hostPort;
    return switch (arrival) {
      case UDP -> "sip:" + hp;
      case TCP -> "sip:" + hp + ";transport=tcp";
      case TLS -> sips ? "sips:" + hp : "sip:" + hp + ";transport=tls";
    };
  }
}
