package io.switchboard.contacts;

import io.switchboard.customers.CustomerFields;
import io.switchboard.customers.CsvImport;
import java.util.List;
import java.util.Optional;

/**
 * The contact lists of each tenant and their contacts. Blocking (JDBC): call it only on a worker thread. Every
 * operation is of one tenant; another tenant's list does not exist for it. List ids are UUIDs, contact ids numbers;
 * an id of the wrong shape is simply not found.
 */
public interface ContactStore {
  /** The largest page {@link #contacts} returns. */
  int MAX_PAGE = 500;

  /** The writable fields of a list. */
  record ListFields(String name, String description) {}

  /** A page of contacts in id order; {@code next}: the id to continue after, null at the end. */
  record Page(List<Contact> items, String next) {}

  /**
   * What an import did. {@code duplicates}: rows skipped because an earlier row of the same file has one of their
   * numbers; {@code rejected} lists at most {@link CsvImport#MAX_LISTED} faults, the CSV reader's first, then the
   * duplicates'.
   */
  record ImportResult(long rows, long created, long updated, long duplicates, long rejectedRows,
      List<CsvImport.Rejected> rejected) {}

  /** @throws ContactException CONFLICT (field name) when the tenant has a list of that name */
  ContactList createList(String tenant, ListFields fields) throws Exception;

  /** The tenant's lists, by name. */
  List<ContactList> lists(String tenant) throws Exception;

  Optional<ContactList> list(String tenant, String id) throws Exception;

  /**
   * @param expectedVersion null: any; else the version it must have
   * @throws ContactException NOT_FOUND, VERSION_MISMATCH, CONFLICT (field name)
   */
  ContactList updateList(String tenant, String id, ListFields fields, Long expectedVersion) throws Exception;

  /** Deletes the list and all its contacts; same preconditions as {@link #updateList}. */
  void deleteList(String tenant, String id, Long expectedVersion) throws Exception;

  /**
   * Adds one contact.
   *
   * @throws ContactException NOT_FOUND (the list), CONFLICT (field phones) when another contact of the list has one
   *     of its numbers
   */
  Contact addContact(String tenant, String listId, CustomerFields fields) throws Exception;

  Optional<Contact> contact(String tenant, String listId, String id) throws Exception;

  /** Replaces a contact's fields; its numbers are checked as in {@link #addContact}. */
  Contact updateContact(String tenant, String listId, String id, CustomerFields fields, Long expectedVersion)
      throws Exception;

  void deleteContact(String tenant, String listId, String id, Long expectedVersion) throws Exception;

  /** Contacts after id {@code after} (null: from the first), at most {@code limit}. */
  Page contacts(String tenant, String listId, String after, int limit) throws Exception;

  /** The contact of the list that has {@code e164}, if any: one index lookup. */
  Optional<Contact> byPhone(String tenant, String listId, String e164) throws Exception;

  /**
   * Imports {@code rows} into the list in one transaction: a row whose number an earlier row has is a duplicate
   * (skipped, reported); a row whose number a contact of the list has updates that contact (its non-null values
   * replace the contact's, its numbers no other contact has are added, attributes merged); any other row is a new
   * contact.
   *
   * @param read reads the file, handing its valid rows to the sink it is given, and returns what it read
   * @throws ContactException NOT_FOUND (the list)
   */
  ImportResult importRows(String tenant, String listId, Reader read) throws Exception;

  /** The CSV reading an import runs inside its transaction. */
  @FunctionalInterface
  interface Reader {
    CsvImport.Result read(CsvImport.RowSink sink) throws Exception;
  }
}
