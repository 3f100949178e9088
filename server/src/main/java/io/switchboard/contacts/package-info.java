/**
 * Contact lists: the people an outbound campaign calls, each list a tenant's own, in the store of record
 * (PostgreSQL, V9__contact_lists_do_not_call.sql), and the tenant's do-not-call list. A contact has a customer's
 * fields (read by the customers' validation and CSV reader); a number is on at most one contact of a list. Imports
 * are set-based (COPY into a temporary table, then a few statements) so that a million rows take seconds, not a
 * million round trips.
 *
 * <p>Knows no layer above it: the API drives it through {@link io.switchboard.contacts.ContactStore} and {@link
 * io.switchboard.contacts.DoNotCallStore} (blocking JDBC: worker threads only).
 */
package io.switchboard.contacts;
