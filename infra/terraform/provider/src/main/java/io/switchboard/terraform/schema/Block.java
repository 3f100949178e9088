package io.switchboard.terraform.schema;

import io.switchboard.terraform.protocol.Tf6;
import io.switchboard.terraform.value.Unknown;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of one object (a resource, or a nested object such as a queue's service level): its schema for
 * Terraform, normalisation of values to that schema, plan-time validation, and the path of an API field.
 * JSON mapping lives in {@link JsonMapping}. Immutable once built; thread-safe.
 */
public final class Block {
  private final List<Attr> attrs;
  private final Map<String, Attr> byName = new LinkedHashMap<>();
  private final Map<String, Attr> byJson = new LinkedHashMap<>();

  private Block(List<Attr> attrs) {
    this.attrs = List.copyOf(attrs);
    for (Attr a : attrs) {
      if (byName.put(a.name, a) != null) {
        throw new IllegalArgumentException("duplicate attribute " + a.name);
      }
      byJson.put(a.jsonName, a);
    }
  }

  public static Block of(Attr... attrs) {
    return new Block(List.of(attrs));
  }

  public static Block of(List<Attr> attrs) {
    return new Block(attrs);
  }

  public List<Attr> attributes() {
    return attrs;
  }

  public Attr attr(String name) {
    return byName.get(name);
  }

  Attr byJson(String jsonName) {
    return byJson.get(jsonName);
  }

  List<Tf6.Schema.Attribute> attributesProto() {
    return attrs.stream().map(Attr::toProto).toList();
  }

  public Tf6.Schema toProto(long version, String description) {
    return Tf6.Schema.newBuilder().setVersion(version).setBlock(Tf6.Schema.Block.newBuilder()
        .setVersion(version).setDescription(description).addAllAttributes(attributesProto())).build();
  }

  /** Every attribute computed (for a data source's nested objects); write-only ones left out, as at the top. */
  Block asComputed() {
    return new Block(attrs.stream().filter(a -> !a.writeOnly).map(Attr::asComputed).toList());
  }

  /** A data source looking an object up by {@code id}: id required, write-only attributes left out, rest computed. */
  public Block lookupById() {
    List<Attr> out = new ArrayList<>();
    for (Attr a : attrs) {
      if (a.writeOnly) {
        continue;
      }
      if (a.name.equals("id")) {
        Attr id = Attr.string("id").required().describe(a.description);
        id.checks.addAll(a.checks);
        out.add(id);
      } else {
        out.add(a.asComputed());
      }
    }
    return new Block(out);
  }

  // ------------------------------------------------------------------ values

  /**
   * The value shaped to this schema: every attribute present (Terraform requires it), unknown keys dropped,
   * decimal strings turned into numbers. Null stays null, unknown stays unknown.
   */
  public Object normalize(Object value) {
    if (!(value instanceof Map<?, ?> in)) {
      return value;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Attr a : attrs) {
      out.put(a.name, normalizeAttr(a, in.get(a.name)));
    }
    return out;
  }

  /** {@link #normalize} for a whole object; null for null (and for a wholly unknown value, which has no parts). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> normalizeObject(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) normalize(value) : null;
  }

  private static Object normalizeAttr(Attr a, Object v) {
    if (v == null || v == Unknown.VALUE) {
      return v;
    }
    if (a.nested != null) {
      if (a.nestedList && v instanceof List<?> list) {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(e -> out.add(a.nested.normalize(e)));
        return out;
      }
      return a.nested.normalize(v);
    }
    return normalizeTyped(a.type, v);
  }

  private static Object normalizeTyped(Type t, Object v) {
    if (v == null || v == Unknown.VALUE) {
      return v;
    }
    if (t == Type.NUMBER && v instanceof String s) {
      return new BigDecimal(s);
    }
    if (t instanceof Type.Collection c) {
      if (v instanceof List<?> list) {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(e -> out.add(normalizeTyped(c.element(), e)));
        return out;
      }
      if (v instanceof Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, e) -> out.put((String) k, normalizeTyped(c.element(), e)));
        return out;
      }
    }
    return v;
  }

  // -------------------------------------------------------------- validation

  /** Runs every attribute's checks over the known values of {@code config}; unknown values are checked at apply. */
  public void validate(Map<String, Object> config, AttrPath at, Diags diags) {
    if (config == null) {
      return;
    }
    for (Attr a : attrs) {
      Object v = config.get(a.name);
      if (v == null || v == Unknown.VALUE) {
        continue;
      }
      AttrPath p = at.attr(a.name);
      run(a.checks, v, p, diags);
      if (a.nested != null) {
        validateNested(a, v, p, diags);
      } else if (v instanceof List<?> list) {
        boolean indexable = a.type instanceof Type.Collection c && c.kind().equals("list");
        for (int i = 0; i < list.size(); i++) {
          run(a.elementChecks, list.get(i), indexable ? p.index(i) : p, diags);
        }
      } else if (v instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          AttrPath kp = p.key((String) e.getKey());
          run(a.keyChecks, e.getKey(), kp, diags);
          run(a.elementChecks, e.getValue(), kp, diags);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void validateNested(Attr a, Object v, AttrPath p, Diags diags) {
    if (a.nestedList && v instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Map<?, ?> m) {
          a.nested.validate((Map<String, Object>) m, p.index(i), diags);
        }
      }
    } else if (v instanceof Map<?, ?> m) {
      a.nested.validate((Map<String, Object>) m, p, diags);
    }
  }

  private static void run(List<Check> checks, Object v, AttrPath p, Diags diags) {
    if (v == null || v == Unknown.VALUE) {
      return;
    }
    for (Check c : checks) {
      String problem = c.problem(v);
      if (problem != null) {
        diags.error(p, "Invalid value for " + p, p + " " + problem);
        return;
      }
    }
  }

  // ------------------------------------------------------------ API fields

  /**
   * The configuration path of an API error field such as {@code serviceLevel.seconds}, {@code weekly.2.open} or
   * {@code requiredSkills.billing}. Stops at the deepest part it can map (root if none), never fails.
   */
  public AttrPath pathOf(String field) {
    AttrPath p = AttrPath.ROOT;
    if (field == null || field.isEmpty()) {
      return p;
    }
    String[] parts = field.replace("[", ".").replace("]", "").split("\\.");
    Block block = this;
    Attr pending = null; // an attribute whose next part is an index or key
    for (String part : parts) {
      if (pending != null) {
        if (pending.nested != null && pending.nestedList && isIndex(part)) {
          p = p.index(Long.parseLong(part));
          block = pending.nested;
        } else if (pending.type instanceof Type.Collection c && c.isMap()) {
          p = p.key(part);
          return p;
        } else if (pending.type instanceof Type.Collection c && c.kind().equals("list") && isIndex(part)) {
          return p.index(Long.parseLong(part));
        } else {
          return p;
        }
        pending = null;
        continue;
      }
      Attr a = block == null ? null : block.byJson(part);
      if (a == null) {
        return p;
      }
      p = p.attr(a.name);
      if (a.nested != null && !a.nestedList) {
        block = a.nested;
      } else if (a.nested != null || a.type instanceof Type.Collection) {
        pending = a;
        block = null;
      } else {
        block = null;
      }
    }
    return p;
  }

  private static boolean isIndex(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10;
  }
}
