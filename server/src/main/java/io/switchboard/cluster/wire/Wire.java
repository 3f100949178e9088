package io.switchboard.cluster.wire;

/** Argument checks of the records' constructors: a record that exists is a message the codec would accept. */
final class Wire {
  private Wire() {}

  static String required(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  static String optional(String name, String value) {
    if (value != null && value.isEmpty()) {
      throw new IllegalArgumentException(name + " must be absent (null) or non-empty");
    }
    return value;
  }
}
