package io.switchboard.customers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The customers of each tenant, their per-tenant settings, and the past calls of a number. Blocking (JDBC): call it
 * only on a worker thread. Every operation is of one tenant; another tenant's customer does not exist for it. Ids
 * are UUIDs; an id that is not one is simply not found.
 */
public interface CustomerStore {
  /** The largest page {@link #search} returns. */
  int MAX_PAGE = 200;

  /**
   * A search, in display-name order (case-insensitive) then id: {@code q} (null: any) is a case-insensitive prefix of
   * the display, given or family name, the company or an e-mail; {@code phone} (null: any) an E.164 number the
   * customer has.
   */
  record Query(String tenant, String q, String phone, int limit, Cursor after) {}

  /** Where a page ended: the last row's lower-cased display name and id. */
  record Cursor(String name, String id) {
    public String encode() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((id + "\n" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of {@link #encode}; {@link IllegalArgumentException} when {@code token} is not one. */
    public static Cursor decode(String token) {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      if (nl != 36) {
        throw new IllegalArgumentException("not a cursor");
      }
      java.util.UUID.fromString(s.substring(0, nl));
      return new Cursor(s.substring(nl + 1), s.substring(0, nl));
    }
  }

  record Page(List<Customer> items, Cursor next) {}

  /**
   * A tenant's customer settings as stored (either may be null: not set).
   *
   * @param defaultCountry ISO 3166 alpha-2 code numbers without a country code are read in
   * @param crmUrlTemplate the "Open in CRM" link ({@link CrmTemplate})
   */
  record Settings(String defaultCountry, String crmUrlTemplate) {}

  /** A past call of a number, for the screen pop: when it arrived, its (last) queue, outcome, disposition, agent. */
  record PastCall(String callId, Instant arrivedAt, String queue, String outcome, String disposition,
      String agentId) {}

  /** What one import batch did: customers created and updated (a customer updated by two rows counts once). */
  record Imported(int created, int updated) {}

  Customer create(String tenant, CustomerFields fields) throws Exception;

  Optional<Customer> get(String tenant, String id) throws Exception;

  /**
   * Replaces the customer's fields.
   *
   * @param expectedVersion null: any; else the version it must have
   * @throws CustomerException NOT_FOUND, or VERSION_MISMATCH when {@code expectedVersion} is not its version
   */
  Customer update(String tenant, String id, CustomerFields fields, Long expectedVersion) throws Exception;

  /** Deletes it (and its numbers); same preconditions as {@link #update}. */
  void delete(String tenant, String id, Long expectedVersion) throws Exception;

  Page search(Query query) throws Exception;

  /** The customers having {@code e164}, oldest first, at most {@code limit}. One index lookup. */
  List<Customer> byPhone(String tenant, String e164, int limit) throws Exception;

  /**
   * Writes one batch of imported rows in one transaction. A row whose numbers an existing customer has (the oldest
   * when several do; an earlier row of the import counts) updates it: its non-null values replace the customer's,
   * its numbers and e-mails are added, its attributes merged; any other row creates a customer.
   */
  Imported importBatch(String tenant, List<CustomerFields> rows) throws Exception;

  /** The last {@code limit} calls (newest first) whose caller is one of {@code callers}, {@code exceptCallId} left out. */
  List<PastCall> lastCalls(String tenant, Collection<String> callers, String exceptCallId, int limit) throws Exception;

  Settings settings(String tenant) throws Exception;

  void putSettings(String tenant, Settings settings) throws Exception;
}
