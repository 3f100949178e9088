package io.switchboard.sip.transport;

import java.util.Optional;

/**
 * The TLS listener and client of the SIP transport (RFC 3261 §26.2). Immutable.
 *
 * <p>Config keys (defaults in switchboard-reference.conf): sip.tls-port, sip.tls.cert-file, sip.tls.key-file,
 * sip.tls.ca-file.
 *
 * @param port where the TLS listener binds; 0 picks a free port (tests); -1: no TLS at all (no listener, and
 *     requests to TLS destinations fail)
 * @param certFile the server certificate chain, PEM; empty with {@code keyFile} empty: a self-signed certificate is
 *     made at start (for the demo: peers must be told not to verify it)
 * @param keyFile the private key of {@code certFile}, PEM (PKCS#8 or PKCS#1)
 * @param caFile extra CA certificates (PEM) the TLS client trusts besides the JVM's when it connects to a peer
 *     (a trunk, a caller's Contact); empty: the JVM's trust store only
 */
public record SipTls(int port, Optional<String> certFile, Optional<String> keyFile, Optional<String> caFile) {
  public static final SipTls OFF = new SipTls(-1, Optional.empty(), Optional.empty(), Optional.empty());

  public SipTls {
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("TLS port must be -1 (off) or 0..65535: " + port);
    }
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("a TLS certificate file needs its key file and the other way round");
    }
  }

  /** A listener on {@code port} with a certificate generated at start. */
  public static SipTls selfSigned(int port) {
    return new SipTls(port, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean enabled() {
    return port >= 0;
  }
}
