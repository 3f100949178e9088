package io.switchboard.cluster.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads the fields of one JSON object strictly, for the records' {@code read} methods: a required field must be
 * present and non-null, strings must be non-empty strings, numbers integral, booleans booleans. {@link #end()}
 * refuses any field nobody read, so a record describes its message exactly. Errors name the field with its path.
 */
public final class WireReader {
  private final ObjectNode node;
  private final String path;
  private final Set<String> read = new HashSet<>();

  WireReader(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** A required non-empty string. */
  public String str(String name) {
    JsonNode v = present(name);
    if (!v.isTextual() || v.textValue().isEmpty()) {
      throw wrong(name, "must be a non-empty string");
    }
    return v.textValue();
  }

  /** A required string that must be one of {@code allowed}. */
  public String oneOf(String name, Set<String> allowed) {
    String v = str(name);
    if (!allowed.contains(v)) {
      throw wrong(name, "must be one of " + new java.util.TreeSet<>(allowed) + ", not '" + v + "'");
    }
    return v;
  }

  /** An optional non-empty string: absent or null is null. */
  public String optStr(String name) {
    return absent(name) ? null : str(name);
  }

  /** A required integer that fits a long (epoch milliseconds). */
  public long lng(String name) {
    JsonNode v = present(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw wrong(name, "must be an integer");
    }
    return v.longValue();
  }

  /** An optional integer that fits a long: absent or null is null. */
  public Long optLng(String name) {
    return absent(name) ? null : lng(name);
  }

  /** A required integer that fits an int. */
  public int integer(String name) {
    JsonNode v = present(name);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw wrong(name, "must be a 32-bit integer");
    }
    return v.intValue();
  }

  /** A required boolean. */
  public boolean bool(String name) {
    JsonNode v = present(name);
    if (!v.isBoolean()) {
      throw wrong(name, "must be a boolean");
    }
    return v.booleanValue();
  }

  /**
   * An optional JSON object carried as it is (a campaign preview's card: its shape is the campaign store's, not the
   * bus's): absent or null is null, else the object's JSON text.
   */
  public String optObjectJson(String name) {
    if (absent(name)) {
      return null;
    }
    JsonNode v = present(name);
    if (!v.isObject()) {
      throw wrong(name, "must be a JSON object");
    }
    return v.toString();
  }

  /** A required JSON object, read by a reader of its own (the envelope's {@code message}). */
  WireReader object(String name) {
    JsonNode v = present(name);
    if (!v.isObject()) {
      throw wrong(name, "must be a JSON object");
    }
    return new WireReader((ObjectNode) v, qualified(name));
  }

  boolean has(String name) {
    return !absent(name);
  }

  /** Refuses every field that no read asked for. */
  void end() {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!read.contains(name)) {
        throw new WireException(qualified(name), "is not a field of this message");
      }
    }
  }

  private boolean absent(String name) {
    read.add(name);
    JsonNode v = node.get(name);
    return v == null || v.isNull();
  }

  private JsonNode present(String name) {
    if (absent(name)) {
      throw new WireException(qualified(name), "is required");
    }
    return node.get(name);
  }

  private WireException wrong(String name, String what) {
    return new WireException(qualified(name), what);
  }

  /** The dotted path of one of this object's fields (for errors raised outside the reader). */
  String path(String name) {
    return qualified(name);
  }

  private String qualified(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
