/**
 * Click-to-dial rules: {@link io.switchboard.dial.PhoneNumbers} parses what an agent typed into E.164,
 * {@link io.switchboard.dial.DialPolicy} (a tenant's {@code dial-policy} document) says which numbers may be called
 * and with which caller ID, {@link io.switchboard.dial.DialPlanner} turns a request into a
 * {@link io.switchboard.dial.DialPlan}, and {@link io.switchboard.dial.Dialer} is what signaling asks the call layer
 * to do with it. Domain layer: depends on the directory only.
 */
package io.switchboard.dial;
