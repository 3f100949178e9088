package io.switchboard.contacts;

import io.switchboard.customers.CustomerFields;
import java.time.Instant;

/** One contact of a list: a customer's fields, its own id (a number, as text) and version. */
public record Contact(String listId, String id, long version, CustomerFields fields, Instant createdAt,
    Instant updatedAt) {}
