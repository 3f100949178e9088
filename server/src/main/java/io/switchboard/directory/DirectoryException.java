package io.switchboard.directory;

import java.util.List;

/**
 * A directory operation that was refused. Nothing was written when one of these is thrown. The message is
 * safe to show to the client (it never contains a password or hash).
 */
public final class DirectoryException extends RuntimeException {

  /** Why; the REST layer maps each to one HTTP status. */
  public enum Reason {
    /** 400: the object is invalid; {@link #violations()} names every bad field. */
    INVALID,
    /** 404: no such object (or no such tenant: existence never leaks across tenants). */
    NOT_FOUND,
    /** 409: create of an id that already exists. */
    ALREADY_EXISTS,
    /** 409: the username belongs to another agent; the violation names {@code username}. */
    USERNAME_TAKEN,
    /** 409: delete of an object that other objects still reference. */
    REFERENCED,
    /** 412: the expected version (If-Match) is not the current one. */
    VERSION_MISMATCH
  }

  private final Reason reason;
  private final List<Violation> violations;

  public DirectoryException(Reason reason, String message, List<Violation> violations) {
    super(message, null, false, false);
    this.reason = reason;
    this.violations = List.copyOf(violations);
  }

  public static DirectoryException invalid(List<Violation> violations) {
    String msg = violations.size() == 1
        ? violations.get(0).field() + ": " + violations.get(0).message()
        : violations.size() + " fields are invalid";
    return new DirectoryException(Reason.INVALID, msg, violations);
  }

  public static DirectoryException invalid(String field, String message) {
    return invalid(List.of(new Violation(field, message)));
  }

  public static DirectoryException notFound(Kind kind, String id) {
    return new DirectoryException(Reason.NOT_FOUND, "no such " + kind.wire() + " '" + id + "'", List.of());
  }

  public Reason reason() {
    return reason;
  }

  public List<Violation> violations() {
    return violations;
  }
}
