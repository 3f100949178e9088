/**
 * SIP transports (RFC 3261 §18, §26.2, RFC 3581) on Vert.x 5 sockets. The only SIP code that owns sockets.
 *
 * <pre>
 *   UDP datagram ──────────────────────────┐  ┌─► FloodLimiter (a bucket per source IP, or per trunk by the
 *   TCP/TLS bytes ─► SipStreamFramer ─ frame ──┤  │   injected FloodPolicy) ─ over ─► drop
 *                                          └──┴─► SipParser ─ bad, respondable ─► 400/505/513 to source
 *                                                 │        bad, not respondable ─► drop, count
 *                                                 ▼
 *                              request: received/rport on top Via (§18.2.1)
 *                                                 ▼
 *                                      Transport.Listener (the transaction layer)
 *
 *   prepare(request, dest): Via transport + sent-by; UDP above 1300 bytes → TCP (§18.1.1)
 *   send(message, dest):    UDP datagram, or the TCP/TLS connection to dest (opened or reused)
 *   sendResponse(r, src):   over the arrival transport (§18.2.2): the same connection if open, else
 *                           received + rport / maddr / sent-by port
 * </pre>
 *
 * <p>Decisions:
 * <ul>
 *   <li>{@link io.switchboard.sip.transport.SocketTransport} is confined to the event loop it started on;
 *       so is everything above it. No locks.
 *   <li>Port 0 for both UDP and TCP binds both to the same free number, so "host:port" means one node
 *       whichever transport §18.1.1 picks.
 *   <li>Floods are dropped, not answered 503: a 503 to each excess datagram would double the traffic
 *       and reflect it at a spoofed address. The bucket map is bounded (100,000 sources, idle ones
 *       evicted first).
 *   <li>Errors to malformed datagrams go to the packet source (the Via is what may be broken).
 *   <li>A UDP datagram above {@code limits().maxMessageBytes()} is dropped (the receive buffer is one
 *       byte larger, so it is seen as over the limit); on TCP the framer's 513 is sent when the head is
 *       readable and the connection closed (§18.3: the stream cannot be resynchronised).
 *   <li>A wildcard bind host binds "::" dual-stack (0.0.0.0 on a host without IPv6); remote addresses are kept in
 *       one form ({@link io.switchboard.sip.transport.Destination#remote}): IPv4-mapped as IPv4, IPv6 short.
 *   <li>TLS: a Vert.x NetServer with the configured PEM certificate or a self-signed one (TlsIdentity);
 *       the client verifies certificate and host name.
 *   <li>TCP and TLS connections ({@code Streams}) are keyed by transport and remote "ip:port" and reused both
 *       ways; idle ones close after {@link io.switchboard.sip.transport.SipOptions#tcpIdleTimeoutMs}. No DNS NAPTR/SRV (RFC 3263):
 *       {@link io.switchboard.sip.transport.Destination#of} uses transport param, maddr, host, port.
 *   <li>Counters: {@code switchboard.sip.transport.refused{reason=flood|answered|malformed|oversize}} on the
 *       Micrometer global registry, and {@link io.switchboard.sip.transport.SocketTransport#refused}.
 * </ul>
 * Not yet: WS/WSS, RFC 5923 connection reuse (a request to a peer's Contact opens a new connection unless one
 * to that exact address is open), ICMP-driven failure, per-connection byte rate limits on TCP.
 */
package io.switchboard.sip.transport;
