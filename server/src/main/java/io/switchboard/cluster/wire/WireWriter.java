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

  /** An optional JSON object given as its text (see WireReader#optObjectJson): null is left out. */
  public WireWriter objectJson(String name, String json) {
    if (json != null) {
      try {
        node.set(name, MAPPER.readTree(json));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new WireException(name, "is not JSON: " + e.getOriginalMessage());
      }
    }
    return this;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();

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
