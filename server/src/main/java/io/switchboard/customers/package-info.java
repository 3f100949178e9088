/**
 * Customers: contact records of a tenant in the store of record (PostgreSQL), their validation (phone numbers to
 * E.164 with libphonenumber, e-mails, languages, IANA time zones, string attributes), the CSV import, the per-tenant
 * settings (default country, CRM link template) and the reads behind the agent's screen pop.
 *
 * <p>Knows no layer above it: the API drives it, the store is reached through {@link
 * io.switchboard.customers.CustomerStore} (blocking JDBC: worker threads only).
 */
package io.switchboard.customers;
