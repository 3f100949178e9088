package io.switchboard.sql;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Reading and writing the column types the stores share. */
public final class Rows {
  private Rows() {}

  /** A {@code text[]} column as a list (empty for SQL NULL). */
  public static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : List.of((String[]) a.getArray());
  }

  /** An id from a URL as a UUID, or null when it is not one (so the caller answers 404, never 400). */
  public static UUID uuid(String id) {
    try {
      return id != null && id.length() == 36 ? UUID.fromString(id) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
