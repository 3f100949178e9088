/**
 * HTTP Digest authentication for SIP (RFC 3261 §22.4, RFC 2617, RFC 7616; RFC 8760 for SHA-256 in SIP):
 * the UAC side answers a 401/407 challenge, and a verifier recomputes a response for tests and for a
 * future registrar.
 *
 * <pre>
 *   401 WWW-Authenticate / 407 Proxy-Authenticate ─► DigestChallenge.parse (realm, nonce, opaque,
 *        algorithm MD5 | MD5-sess | SHA-256 | SHA-256-sess, qop "auth", stale)
 *   DigestChallenge.pick(list) ─► the strongest usable one (SHA-256 before MD5)
 *   Digest.authorize(challenge, user, password, method, uri, nc, cnonce) ─► Authorization value
 * </pre>
 *
 * <p>Decisions: qop=auth-int alone is refused (we would have to hash bodies the challenger may not see
 * the same way); without qop the RFC 2069 form is used. A password never appears in an exception or a log.
 * Pure and thread-safe.
 */
package io.switchboard.sip.auth;
