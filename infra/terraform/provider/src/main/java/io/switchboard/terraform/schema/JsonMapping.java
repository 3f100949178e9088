package io.switchboard.terraform.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.terraform.value.Unknown;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Terraform values to the admin API's JSON and back, driven by a {@link Block}: snake_case attribute names to the
 * API's camelCase fields ({@link Attr#json}), nested objects recursively. Stateless.
 */
public final class JsonMapping {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonMapping() {}

  /**
   * The request body for a create or replace: every known, non-null attribute except server-only ones
   * ({@link Attr.Mode#COMPUTED}, e.g. {@code version}). Nulls are left out, so the server applies its default.
   */
  public static ObjectNode toJson(Block block, Map<String, Object> value) {
    ObjectNode out = F.objectNode();
    for (Attr a : block.attributes()) {
      Object v = value.get(a.name);
      if (a.mode == Attr.Mode.COMPUTED || v == null || v == Unknown.VALUE) {
        continue;
      }
      out.set(a.jsonName, a.nested != null ? nestedToJson(a, v) : typedToJson(v));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static JsonNode nestedToJson(Attr a, Object v) {
    if (a.nestedList) {
      ArrayNode arr = F.arrayNode();
      for (Object e : (List<Object>) v) {
        arr.add(e == null ? F.nullNode() : toJson(a.nested, (Map<String, Object>) e));
      }
      return arr;
    }
    return toJson(a.nested, (Map<String, Object>) v);
  }

  private static JsonNode typedToJson(Object v) {
    if (v == null || v == Unknown.VALUE) {
      return F.nullNode();
    } else if (v instanceof String s) {
      return F.textNode(s);
    } else if (v instanceof Boolean b) {
      return F.booleanNode(b);
    } else if (v instanceof Long || v instanceof Integer) {
      return F.numberNode(((Number) v).longValue());
    } else if (v instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 0x1p53 ? F.numberNode(d.longValue()) : F.numberNode(d);
    } else if (v instanceof BigDecimal bd) {
      BigDecimal s = bd.stripTrailingZeros();
      return s.scale() <= 0 ? F.numberNode(s.toBigIntegerExact()) : F.numberNode(s);
    } else if (v instanceof List<?> list) {
      ArrayNode arr = F.arrayNode();
      list.forEach(e -> arr.add(typedToJson(e)));
      return arr;
    } else if (v instanceof Map<?, ?> map) {
      ObjectNode o = F.objectNode();
      map.forEach((k, e) -> o.set((String) k, typedToJson(e)));
      return o;
    }
    throw new IllegalArgumentException("not a Terraform value: " + v.getClass().getName());
  }

  /** The server's object as a Terraform value of this block; write-only attributes are null (never returned). */
  public static Map<String, Object> fromJson(Block block, JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Attr a : block.attributes()) {
      JsonNode v = node == null ? null : node.get(a.jsonName);
      out.put(a.name, a.writeOnly || v == null || v.isNull() ? null : attrFromJson(a, v));
    }
    return out;
  }

  private static Object attrFromJson(Attr a, JsonNode v) {
    if (a.nested == null) {
      return typedFromJson(a.type, v);
    }
    if (!a.nestedList) {
      return v.isObject() ? fromJson(a.nested, v) : null;
    }
    List<Object> list = new ArrayList<>();
    v.forEach(e -> list.add(e.isObject() ? fromJson(a.nested, e) : null));
    return list;
  }

  private static Object typedFromJson(Type t, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (t == Type.STRING) {
      return v.isTextual() ? v.textValue() : v.toString();
    }
    if (t == Type.BOOL) {
      return v.asBoolean();
    }
    if (t == Type.NUMBER) {
      if (v.canConvertToExactIntegral() && v.canConvertToLong()) {
        return v.longValue();
      }
      return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
    }
    Type.Collection c = (Type.Collection) t;
    if (c.isMap()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), typedFromJson(c.element(), e.getValue()));
      }
      return m;
    }
    List<Object> list = new ArrayList<>();
    v.forEach(e -> list.add(typedFromJson(c.element(), e)));
    return list;
  }

  /** Raw Terraform state JSON (UpgradeResourceState) to a value; the schema's {@code normalize} shapes it after. */
  public static Object plain(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    } else if (v.isTextual()) {
      return v.textValue();
    } else if (v.isBoolean()) {
      return v.booleanValue();
    } else if (v.isNumber()) {
      return v.canConvertToExactIntegral() && v.canConvertToLong() ? (Object) v.longValue() : v.decimalValue();
    } else if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      v.forEach(e -> list.add(plain(e)));
      return list;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), plain(e.getValue()));
    }
    return m;
  }
}
