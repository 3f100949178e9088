package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and checks the fields of one JSON object, collecting every problem (with its dotted path) instead of
 * stopping at the first, and flags any field nobody asked for as unknown ({@link #finish()}).
 *
 * <p>Types are exact: a number is not a string, 5.0 is not an integer, and an explicit {@code null} is the
 * same as an absent field. Accessors return null (or the default) when the value is bad; callers only use
 * the result when {@link #errors()} stays empty. Not thread-safe; one per request.
 */
final class Fields {
  private final JsonObject json;
  private final String prefix;
  private final List<Violation> errors;
  private final Set<String> known = new HashSet<>();
  private final List<Fields> children = new ArrayList<>();

  private Fields(JsonObject json, String prefix, List<Violation> errors) {
    this.json = json;
    this.prefix = prefix;
    this.errors = errors;
  }

  static Fields root(JsonObject json) {
    return new Fields(json, "", new ArrayList<>());
  }

  List<Violation> errors() {
    return errors;
  }

  String path(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** Whether no error was reported on {@code name} or anything under it. */
  boolean noErrorUnder(String name) {
    String path = path(name);
    return errors.stream().noneMatch(v -> v.field().equals(path) || v.field().startsWith(path + "."));
  }

  void error(String name, String message) {
    errors.add(new Violation(path(name), message));
  }

  /** The names of this object's fields, in their order (for objects keyed by data, such as a menu's digits). */
  List<String> keys() {
    return List.copyOf(json.fieldNames());
  }

  /** The raw value, marking the field as known; null when absent or JSON null. */
  Object raw(String name) {
    known.add(name);
    return json.getValue(name);
  }

  /** A string of 1..maxLength characters matching {@code pattern} (when not null). */
  String string(String name, boolean required, int maxLength, Pattern pattern, String rule) {
    Object v = raw(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    return checkString(path(name), v, maxLength, pattern, rule);
  }

  private String checkString(String path, Object v, int maxLength, Pattern pattern, String rule) {
    if (!(v instanceof String s)) {
      errors.add(new Violation(path, "must be a string"));
      return null;
    }
    if (s.isEmpty() || s.length() > maxLength) {
      errors.add(new Violation(path, "must be 1 to " + maxLength + " characters"));
      return null;
    }
    if (pattern != null && !pattern.matcher(s).matches()) {
      errors.add(new Violation(path, rule));
      return null;
    }
    return s;
  }

  /** An integer in [min, max]; {@code dflt} when absent. */
  Integer integer(String name, int min, int max, Integer dflt) {
    Object v = raw(name);
    if (v == null) {
      if (dflt == null) {
        error(name, "is required");
      }
      return dflt;
    }
    return checkInt(path(name), v, min, max);
  }

  /** An integer in [min, max], or null (no error) when absent: for settings that may be left unset. */
  Integer optionalInteger(String name, int min, int max) {
    Object v = raw(name);
    return v == null ? null : checkInt(path(name), v, min, max);
  }

  private Integer checkInt(String path, Object v, int min, int max) {
    String range = "must be an integer from " + min + " to " + max;
    if (!(v instanceof Number n) || v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      errors.add(new Violation(path, range));
      return null;
    }
    if (n instanceof BigInteger || n.longValue() < min || n.longValue() > max) {
      errors.add(new Violation(path, range));
      return null;
    }
    return n.intValue();
  }

  /** A version number (>= 0), or null when absent. */
  Long version(String name) {
    Object v = raw(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long) {
      long n = ((Number) v).longValue();
      if (n >= 0) {
        return n;
      }
    }
    error(name, "must be a non-negative integer");
    return null;
  }

  boolean bool(String name, boolean dflt) {
    Object v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    error(name, "must be true or false");
    return dflt;
  }

  /** A nested object's reader, or null when absent (or not an object: then an error is recorded). */
  Fields object(String name) {
    Object v = raw(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      error(name, "must be an object");
      return null;
    }
    Fields child = new Fields(o, path(name), errors);
    children.add(child);
    return child;
  }

  /** The elements of an array (empty when absent), or null when the value is not an array. */
  private JsonArray array(String name) {
    Object v = raw(name);
    if (v == null) {
      return new JsonArray();
    }
    if (!(v instanceof JsonArray a)) {
      error(name, "must be an array");
      return null;
    }
    return a;
  }

  /** The array {@code name} when present and at most {@code maxItems} long; null (error recorded) otherwise. */
  private JsonArray boundedArray(String name, int maxItems) {
    JsonArray a = array(name);
    if (a != null && a.size() > maxItems) {
      error(name, "must have at most " + maxItems + " items");
      return null;
    }
    return a;
  }

  /** An array of distinct strings, each checked like {@link #string}; errors name {@code name.index}. */
  List<String> strings(String name, int maxItems, int maxLength, Pattern pattern, String rule) {
    JsonArray a = boundedArray(name, maxItems);
    if (a == null) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < a.size(); i++) {
      String p = path(name) + "." + i;
      String s = checkString(p, a.getValue(i), maxLength, pattern, rule);
      if (s != null && !out.add(s)) {
        errors.add(new Violation(p, "'" + s + "' is listed twice"));
      }
    }
    return List.copyOf(out);
  }

  /** An array of objects (empty when absent), each read by its own {@link Fields} named {@code name.index}. */
  List<Fields> objects(String name, int maxItems) {
    JsonArray a = boundedArray(name, maxItems);
    if (a == null) {
      return List.of();
    }
    List<Fields> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Object v = a.getValue(i);
      if (v instanceof JsonObject o) {
        Fields child = new Fields(o, path(name) + "." + i, errors);
        children.add(child);
        out.add(child);
      } else {
        errors.add(new Violation(path(name) + "." + i, "must be an object"));
      }
    }
    return out;
  }

  /**
   * An object mapping ids to integer levels, e.g. {@code {"sales": 3}}; sorted by key so equal maps encode
   * equally. Errors name {@code name.key}.
   */
  Map<String, Integer> levels(String name, Pattern keyPattern, int min, int max) {
    Fields o = object(name);
    Map<String, Integer> out = new TreeMap<>();
    if (o == null) {
      return out;
    }
    for (String key : o.json.fieldNames()) {
      o.known.add(key);
      if (!keyPattern.matcher(key).matches()) {
        o.error(key, "is not a valid id");
        continue;
      }
      Integer level = o.checkInt(o.path(key), o.json.getValue(key), min, max);
      if (level != null) {
        out.put(key, level);
      }
    }
    return out;
  }

  /** Records every field (here and in nested readers) that no accessor asked for. */
  void finish() {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        error(key, "unknown field");
      }
    }
    children.forEach(Fields::finish);
  }
}
