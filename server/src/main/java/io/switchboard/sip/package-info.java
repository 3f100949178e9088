/**
 * The SIP message layer (RFC 3261 §7, §20, §25): pure, testable on bytes, no sockets, no timers, no
 * business logic. Transports, transactions and dialogs build on it.
 *
 * <pre>
 *   bytes ──► SipStreamFramer (TCP/TLS: Content-Length framing, CRLF keep-alives)
 *     │                      │
 *     └──── datagram ────────┴──► SipParser ──► SipRequest / SipResponse (immutable, SipHeaders)
 *                                    │                 │  typed views: Via, NameAddr, CSeq, SipUri,
 *                                    │                 │  MediaType, AuthValue, Params
 *                                    ▼                 ▼
 *                         SipParseException     SipResponses.create ──► SipSerializer ──► bytes
 *                         (drop, or answer 400/505/513 from its partial request)
 * </pre>
 *
 * <p>RFC 4475 (the torture tests, all 49 under src/test/resources/sip/rfc4475) and what this layer does
 * with each; "flag" means the parser accepts and the named accessor tells the layer above what the RFC
 * expects of it:
 * <ul>
 *   <li>accepted: wsinv, intmeth, esc01, escnull, esc02, lwsdisp, longreq, dblreq (trailing request
 *       ignored), semiuri, transports, mpart01, unreason, noreason;
 *   <li>400 with a reason: badinv01, clerr, ncl, scalar02, quotbal, ltgtruri, lwsruri, lwsstart, trws,
 *       escruri, baddate, regbadct, badaspec, baddn, mismatch01, mismatch02, insuf, multi01, mcl01, and
 *       inv2543 (no Max-Forwards: we do not keep RFC 2543 compatibility); 505: badvers;
 *   <li>dropped (malformed responses are never answered): scalarlg, bigcode;
 *   <li>flag: badbranch ({@link io.switchboard.sip.Via#hasRfc3261Branch} false: §17.2.3 matching),
 *       unkscm and novelsc ({@link io.switchboard.sip.SipRequest#sipUri} empty: {@link
 *       io.switchboard.sip.RequestPolicy} answers 416), unksm2 ({@link io.switchboard.sip.NameAddr#sipUri} empty),
 *       bext01 (Require values: RequestPolicy answers 420; Proxy-Require is for proxies), invut and sdp01
 *       ({@link io.switchboard.sip.SipMessage#contentType}: RequestPolicy answers 415 for a type it cannot take), regaut01
 *       ({@link io.switchboard.sip.SipMessage#authorizations} with an unknown scheme: challenge), bcast
 *       (a 255.255.255.255 Via: never send there), zeromf ({@link io.switchboard.sip.SipMessage#maxForwards}
 *       0: 483 unless answered locally), cparam01 / cparam02 (header vs URI parameter), regescrt (URI
 *       headers in a Contact).
 * </ul>
 *
 * <p>Deliberate choices: start line and headers must be valid UTF-8; a reason phrase is only checked
 * for control characters (not the full §25 set); Max-Forwards must be 0..255 and a CSeq number below
 * 2**31; an Expires beyond 2**32-1 reads as absent. All classes are immutable or confined to one parse
 * and thread-safe unless they say otherwise ({@link io.switchboard.sip.SipStreamFramer} is per connection).
 */
package io.switchboard.sip;
