package io.switchboard.customers;

import java.util.List;

/** A refused customer operation: why, and for {@link Reason#INVALID} every bad field. */
public final class CustomerException extends RuntimeException {
  public enum Reason { INVALID, NOT_FOUND, VERSION_MISMATCH }

  private final Reason reason;
  private final List<Violation> violations;

  public CustomerException(Reason reason, String message, List<Violation> violations) {
    super(message, null, false, false);
    this.reason = reason;
    this.violations = List.copyOf(violations);
  }

  public static CustomerException invalid(List<Violation> violations) {
    return new CustomerException(Reason.INVALID, violations.size() == 1
        ? violations.get(0).field() + ": " + violations.get(0).message()
        : violations.size() + " fields are invalid", violations);
  }

  public static CustomerException notFound(String id) {
    return new CustomerException(Reason.NOT_FOUND, "no such customer '" + id + "'", List.of());
  }

  public Reason reason() {
    return reason;
  }

  public List<Violation> violations() {
    return violations;
  }
}
