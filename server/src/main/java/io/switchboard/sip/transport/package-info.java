/**
 * SIP transports (RFC 3261 §18, RFC 3581) on Vert.x 5 sockets. The only SIP code that owns sockets.
 *
 * <pre>
 *   UDP datagram ─┐                        ┌─► FloodLimiter (bucket per source IP) ─ over ─► drop
 *   TCP bytes ─► SipStreamFramer ─ frame ──┤
 *                                          └─► SipParser ─ bad, respondable ─► 400/505/513 to source
 *                                                 │        bad, not respondable ─► drop, count
 *                                                 ▼
 *                              request: received/rport on top Via (§18.2.1)
 *                                                 ▼
 *                                      Transport.Listener (the transaction layer)
 *
 *   prepare(request, dest): Via transport + sent-by; UDP above 1300 bytes → TCP (§18.1.1)
 *   send(message, dest):    UDP datagram, or the TCP connection to dest (opened or reused)
 *   sendResponse(r, src):   same TCP connection if open, else Via received/rport/sent-by (§18.2.2)
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
 *   <li>TCP connections are keyed by remote "ip:port" and reused both ways; idle ones close after
 *       {@link io.switchboard.sip.transport.SipOptions#tcpIdleTimeoutMs}. No DNS NAPTR/SRV (RFC 3263):
 *       {@link io.switchboard.sip.transport.Destination#of} uses transport param, maddr, host, port.
 *   <li>Counters: {@code switchboard.sip.transport.refused{reason=flood|answered|malformed|oversize}} on the
 *       Micrometer global registry, and {@link io.switchboard.sip.transport.SocketTransport#refused}.
 * </ul>
 * Not yet: TLS/WSS, IPv6 tests, ICMP-driven failure, per-connection byte rate limits on TCP.
 */
package io.switchboard.sip.transport;
