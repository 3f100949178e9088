/**
 * Signed outbound webhooks: a tenant's events POSTed to the URLs its admins configured (directory kind
 * {@code webhook}), so a CRM can follow calls as they happen. Deliveries are queued in PostgreSQL in the
 * transaction that stores the events ({@link io.switchboard.webhooks.WebhookOutbox}, a
 * {@link io.switchboard.records.EventBatchHook}), sent by any node with retries and back-off
 * ({@link io.switchboard.webhooks.WebhookDispatcher}), and kept as dead after the last attempt. Nothing here is on
 * the call path: the records pipeline already runs beside it. docs/webhooks.md.
 */
package io.switchboard.webhooks;
