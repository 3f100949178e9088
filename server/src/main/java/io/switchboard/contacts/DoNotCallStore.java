package io.switchboard.contacts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each tenant's do-not-call list. Blocking (JDBC): worker threads only. Numbers are E.164; an entry past its
 * expiry is kept (and listed) but no longer applies.
 */
public interface DoNotCallStore {
  int MAX_PAGE = 500;

  /** A page in number order; {@code next}: the number to continue after, null at the end. */
  record Page(List<DoNotCall> items, String next) {}

  /** Adds the number, or replaces its entry (reason, expiry, who). */
  DoNotCall put(String tenant, String phone, String reason, Instant expiresAt, String addedBy) throws Exception;

  Optional<DoNotCall> get(String tenant, String phone) throws Exception;

  /** @return whether there was an entry */
  boolean delete(String tenant, String phone) throws Exception;

  Page page(String tenant, String after, int limit) throws Exception;

  /** One number of an import: E.164, and its reason and expiry (either may be null). */
  record Listing(String phone, String reason, Instant expiresAt) {}

  /**
   * Lists every number of {@code batch} (replacing their entries) in one transaction.
   *
   * @return how many of them were not listed before
   */
  int putAll(String tenant, List<Listing> batch, String addedBy) throws Exception;

  /** Whether the number is on the list and its entry applies at {@code now}: one index lookup. */
  default boolean listed(String tenant, String phone, Instant now) throws Exception {
    return get(tenant, phone).map(e -> e.appliesAt(now)).orElse(false);
  }
}
