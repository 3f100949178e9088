package io.switchboard.customers;

import java.time.Instant;

/**
 * A stored customer: its id (a UUID the store assigns), version (1 when created, +1 per update: the API's ETag),
 * what a client wrote ({@link CustomerFields}) and when it was created and last updated.
 */
public record Customer(String id, long version, CustomerFields fields, Instant createdAt, Instant updatedAt) {}
