/**
 * Session timers (RFC 4028): the {@code Session-Expires} and {@code Min-SE} header values
 * ({@link io.switchboard.sip.session.SessionExpires}), the negotiation of interval and refresher on either side
 * ({@link io.switchboard.sip.session.SessionTimerPolicy}: 422 when too small, {@code Require: timer} in the 2xx),
 * and the per-dialog refresh/expiry state machine ({@link io.switchboard.sip.session.SessionTimer}) on injected
 * {@link io.switchboard.sip.transaction.Timers}. Pure SIP: call control decides what a refresh carries and what an
 * expired session ends.
 */
package io.switchboard.sip.session;
