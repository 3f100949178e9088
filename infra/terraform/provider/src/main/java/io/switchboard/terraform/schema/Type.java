package io.switchboard.terraform.schema;

import java.nio.charset.StandardCharsets;

/** A Terraform (cty) type of a plain attribute; rendered as the JSON Terraform expects in Schema.Attribute.type. */
public sealed interface Type {
  Type STRING = new Primitive("string");
  Type NUMBER = new Primitive("number");
  Type BOOL = new Primitive("bool");

  String json();

  default byte[] jsonBytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  static Type list(Type element) {
    return new Collection("list", element);
  }

  static Type set(Type element) {
    return new Collection("set", element);
  }

  static Type map(Type element) {
    return new Collection("map", element);
  }

  record Primitive(String name) implements Type {
    @Override
    public String json() {
      return "\"" + name + "\"";
    }
  }

  /** list, set or map of one element type. */
  record Collection(String kind, Type element) implements Type {
    @Override
    public String json() {
      return "[\"" + kind + "\"," + element.json() + "]";
    }

    public boolean isMap() {
      return kind.equals("map");
    }
  }
}
