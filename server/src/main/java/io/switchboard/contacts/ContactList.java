package io.switchboard.contacts;

import java.time.Instant;

/**
 * A contact list as stored.
 *
 * @param version bumped by every change of the list's own fields (not of its contacts): the API's ETag
 * @param contacts how many contacts it has now
 */
public record ContactList(String id, long version, String name, String description, long contacts,
    Instant createdAt, Instant updatedAt) {}
