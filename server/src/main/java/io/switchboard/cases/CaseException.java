package io.switchboard.cases;

/** A case request that cannot be carried out; nothing was changed. {@code field} names what was wrong, or null. */
public final class CaseException extends RuntimeException {
  public enum Reason { INVALID, NOT_FOUND, CONFLICT, VERSION }

  private final Reason reason;
  private final String field;

  public CaseException(Reason reason, String field, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.field = field;
  }

  public static CaseException invalid(String field, String message) {
    return new CaseException(Reason.INVALID, field, message);
  }

  public static CaseException notFound(long id) {
    return new CaseException(Reason.NOT_FOUND, null, "no such case " + id);
  }

  public Reason reason() {
    return reason;
  }

  public String field() {
    return field;
  }
}
