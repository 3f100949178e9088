package io.switchboard.contacts;

/** A refused contact-list operation and why; {@code field} names the input at fault, when one is. */
public final class ContactException extends RuntimeException {
  public enum Reason {
    /** No such list or contact (or another tenant's). */
    NOT_FOUND,
    /** If-Match named another version. */
    VERSION_MISMATCH,
    /** The name or number is another list's or contact's already. */
    CONFLICT
  }

  private final Reason reason;
  private final String field;

  public ContactException(Reason reason, String field, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.field = field;
  }

  static ContactException noList(String id) {
    return new ContactException(Reason.NOT_FOUND, null, "no such contact list '" + id + "'");
  }

  static ContactException noContact(String listId, String id) {
    return new ContactException(Reason.NOT_FOUND, null, "no contact '" + id + "' in list '" + listId + "'");
  }

  public Reason reason() {
    return reason;
  }

  public String field() {
    return field;
  }
}
