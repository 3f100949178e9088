package io.switchboard.records;

/** The store of record could not be opened or migrated; the message says what failed (never a password). */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
