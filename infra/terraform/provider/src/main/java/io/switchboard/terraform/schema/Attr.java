package io.switchboard.terraform.schema;

import io.switchboard.terraform.protocol.Tf6;
import java.util.ArrayList;
import java.util.List;

/**
 * One attribute of a resource: its Terraform name, the API's JSON field, type, mode and plan-time checks.
 * Defined fluently once per resource type ({@code Attr.string("name").required().check(...)}) and read-only
 * afterwards; safe to share between threads once built.
 */
public final class Attr {
  /** How configuration and provider share the value. */
  public enum Mode {
    REQUIRED, OPTIONAL,
    /** Set by the server only. */
    COMPUTED,
    /** May be configured; when it is not, the server's value (e.g. its default) is kept. */
    OPTIONAL_COMPUTED
  }

  final String name;
  final Type type;          // null for a nested object / list of nested objects
  final Block nested;       // non-null for nested attributes
  final boolean nestedList; // nested: a list of objects rather than one
  String jsonName;
  Mode mode = Mode.OPTIONAL;
  String description = "";
  boolean sensitive;
  boolean replaces;
  boolean writeOnly;
  final List<Check> checks = new ArrayList<>();
  final List<Check> elementChecks = new ArrayList<>();
  final List<Check> keyChecks = new ArrayList<>();

  private Attr(String name, Type type, Block nested, boolean nestedList) {
    this.name = name;
    this.type = type;
    this.nested = nested;
    this.nestedList = nestedList;
    this.jsonName = camel(name);
  }

  public static Attr string(String name) {
    return new Attr(name, Type.STRING, null, false);
  }

  public static Attr number(String name) {
    return new Attr(name, Type.NUMBER, null, false);
  }

  public static Attr bool(String name) {
    return new Attr(name, Type.BOOL, null, false);
  }

  public static Attr of(String name, Type type) {
    return new Attr(name, type, null, false);
  }

  /** One nested object, e.g. {@code service_level = { percent = 80, seconds = 20 }}. */
  public static Attr object(String name, Block nested) {
    return new Attr(name, null, nested, false);
  }

  /** A list of nested objects, e.g. {@code weekly = [{ day = "mon", ... }]}. */
  public static Attr objectList(String name, Block nested) {
    return new Attr(name, null, nested, true);
  }

  public Attr required() {
    mode = Mode.REQUIRED;
    return this;
  }

  public Attr optional() {
    mode = Mode.OPTIONAL;
    return this;
  }

  public Attr computed() {
    mode = Mode.COMPUTED;
    return this;
  }

  /** Optional; when left out the server's value (usually its default) is used and kept. */
  public Attr optionalComputed() {
    mode = Mode.OPTIONAL_COMPUTED;
    return this;
  }

  public Attr json(String jsonName) {
    this.jsonName = jsonName;
    return this;
  }

  public Attr describe(String description) {
    this.description = description;
    return this;
  }

  /** Hidden in plan output and logs. */
  public Attr sensitive() {
    this.sensitive = true;
    return this;
  }

  /** Changing it destroys and re-creates the object (e.g. an id). */
  public Attr replaces() {
    this.replaces = true;
    return this;
  }

  /**
   * Sent to the API but never returned by it (a password): state keeps the configured value, so drift in it
   * cannot be detected, and reads never overwrite it.
   */
  public Attr writeOnly() {
    this.writeOnly = true;
    return sensitive();
  }

  public Attr check(Check... c) {
    checks.addAll(List.of(c));
    return this;
  }

  /** Checks for each element of a list/set, or each value of a map. */
  public Attr eachElement(Check... c) {
    elementChecks.addAll(List.of(c));
    return this;
  }

  /** Checks for each key of a map. */
  public Attr eachKey(Check... c) {
    keyChecks.addAll(List.of(c));
    return this;
  }

  public String name() {
    return name;
  }

  public String jsonName() {
    return jsonName;
  }

  public Mode mode() {
    return mode;
  }

  public boolean isWriteOnly() {
    return writeOnly;
  }

  public boolean isReplacing() {
    return replaces;
  }

  public boolean isComputed() {
    return mode == Mode.COMPUTED || mode == Mode.OPTIONAL_COMPUTED;
  }

  public Type type() {
    return type;
  }

  public Block nested() {
    return nested;
  }

  public boolean isNestedList() {
    return nestedList;
  }

  /** A data source's view of this attribute: everything computed. */
  Attr asComputed() {
    Attr a = new Attr(name, type, nested == null ? null : nested.asComputed(), nestedList);
    a.jsonName = jsonName;
    a.mode = Mode.COMPUTED;
    a.description = description;
    a.sensitive = sensitive;
    return a;
  }

  Tf6.Schema.Attribute toProto() {
    Tf6.Schema.Attribute.Builder b = Tf6.Schema.Attribute.newBuilder()
        .setName(name)
        .setDescription(description)
        .setRequired(mode == Mode.REQUIRED)
        .setOptional(mode == Mode.OPTIONAL || mode == Mode.OPTIONAL_COMPUTED)
        .setComputed(isComputed())
        .setSensitive(sensitive);
    if (nested != null) {
      b.setNestedType(Tf6.Schema.Object.newBuilder()
          .addAllAttributes(nested.attributesProto())
          .setNesting(nestedList ? Tf6.Schema.Object.NestingMode.LIST : Tf6.Schema.Object.NestingMode.SINGLE));
    } else {
      b.setType(com.google.protobuf.ByteString.copyFrom(type.jsonBytes()));
    }
    return b.build();
  }

  static String camel(String snake) {
    StringBuilder sb = new StringBuilder(snake.length());
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
