package io.switchboard.cluster.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a record's fields into its JSON object; optional fields that are null are left out, never written null. */
public final class WireWriter {
  private final ObjectNode node;

  WireWriter(ObjectNode node) {
    this.node = node;
  }

  public WireWriter str(String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
    return this;
  }

  public WireWriter lng(String name, long value) {
    node.put(name, value);
    return this;
  }

  /** An optional integer: null is left out. */
  public WireWriter optLng(String name, Long value) {
    if (value != null) {
      node.put(name, value.longValue());
    }
    return this;
  }

  public WireWriter integer(String name, int value) {
    node.put(name, value);
    return this;
  }

  public WireWriter bool(String name, boolean value) {
    node.put(name, value);
    return this;
  }
}
