package io.switchboard.terraform.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.terraform.api.ApiClient;
import io.switchboard.terraform.api.ApiException;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.AttrPath;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Diags;
import io.switchboard.terraform.schema.JsonMapping;
import io.switchboard.terraform.value.Unknown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plan, apply, read and import for any {@link ResourceType}, against the admin API. Values are the maps of
 * {@link io.switchboard.terraform.value.Unknown}'s model, already normalised to the type's schema. Stateless
 * apart from the client; thread-safe.
 *
 * <p>Drift: read returns the server's view, so a change made through the API shows in the next plan; an object
 * deleted outside Terraform reads as null and Terraform plans to create it again.
 */
public final class Lifecycle {
  private final ApiClient api;

  public Lifecycle(ApiClient api) {
    this.api = api;
  }

  /** A plan: the planned state and the attributes whose change forces a replacement. */
  public record Plan(Map<String, Object> planned, List<AttrPath> requiresReplace) {}

  /** Plans a create (prior null), an update, or a destroy (proposed null). Makes no API call. */
  public static Plan plan(ResourceType type, Map<String, Object> prior, Map<String, Object> proposed) {
    if (proposed == null) {
      return new Plan(null, List.of());
    }
    Map<String, Object> planned = new LinkedHashMap<>(proposed);
    List<AttrPath> replace = new ArrayList<>();
    if (prior == null) {
      unknownComputed(type.schema(), planned);
      planned.put("id", type.plannedId(planned));
    } else {
      for (Attr a : type.schema().attributes()) {
        if (a.isReplacing() && planned.get(a.name()) != Unknown.VALUE
            && !Objects.equals(planned.get(a.name()), prior.get(a.name()))) {
          replace.add(AttrPath.ROOT.attr(a.name()));
        }
      }
      if (!sameExceptVersion(planned, prior)) {
        planned.put("version", Unknown.VALUE); // every write makes a new version
        unknownComputed(type.schema(), planned); // server defaults of what is still unset
      }
    }
    return new Plan(planned, replace);
  }

  /**
   * Computed attributes without a value, at any depth (e.g. {@code service_level.seconds} when only percent is
   * configured), become unknown: the server fills them in, and a planned null would contradict its answer.
   * Mutates {@code values}, which must be a fresh copy (as {@code Block.normalize} makes).
   */
  @SuppressWarnings("unchecked")
  private static void unknownComputed(Block block, Map<String, Object> values) {
    for (Attr a : block.attributes()) {
      Object v = values.get(a.name());
      if (v == null) {
        if (a.isComputed()) {
          values.put(a.name(), Unknown.VALUE);
        }
      } else if (a.nested() != null && v instanceof List<?> list) {
        list.forEach(e -> {
          if (e instanceof Map<?, ?> m) {
            unknownComputed(a.nested(), (Map<String, Object>) m);
          }
        });
      } else if (a.nested() != null && v instanceof Map<?, ?> m) {
        unknownComputed(a.nested(), (Map<String, Object>) m);
      }
    }
  }

  private static boolean sameExceptVersion(Map<String, Object> a, Map<String, Object> b) {
    for (Map.Entry<String, Object> e : a.entrySet()) {
      if (!e.getKey().equals("version") && !Objects.equals(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Carries out a plan. On failure the diagnostics say why and the prior state is returned: the API validates a
   * whole object before writing any of it, so a failed call changed nothing.
   */
  public Map<String, Object> apply(ResourceType type, Map<String, Object> prior, Map<String, Object> planned,
      Diags diags) {
    try {
      if (planned == null) {
        api.delete(type.collection(), (String) prior.get("id"));
        return null;
      }
      JsonNode written;
      var body = type.toApi(JsonMapping.toJson(type.schema(), planned));
      if (prior == null && type.createdWithPut()) {
        written = api.replace(type.collection(), (String) type.plannedId(planned), body, null);
      } else if (prior == null) {
        written = api.create(type.collection(), body);
      } else {
        Long version = prior.get("version") instanceof Number n ? n.longValue() : null;
        written = api.replace(type.collection(), (String) prior.get("id"), body, version);
      }
      Map<String, Object> state = withWriteOnly(type, JsonMapping.fromJson(type.schema(), type.fromApi(written, planned)),
          planned);
      try {
        type.afterWrite(api, (String) state.get("id"), planned, prior, diags);
      } catch (ApiException e) {
        report(type, e, diags, prior == null ? "finish creating" : "finish updating");
      }
      return state; // written: Terraform keeps it (tainted after a failed create) rather than losing the object
    } catch (ApiException e) {
      report(type, e, diags, prior == null ? "create" : planned == null ? "delete" : "update");
      return prior;
    }
  }

  /** The server's view of the object, or null when it no longer exists. Write-only values stay as they were. */
  public Map<String, Object> read(ResourceType type, Map<String, Object> current, Diags diags) {
    try {
      JsonNode node = type.fromApi(api.get(type.collection(), (String) current.get("id")), current);
      return node == null ? null : withWriteOnly(type, JsonMapping.fromJson(type.schema(), node), current);
    } catch (ApiException e) {
      report(type, e, diags, "read");
      return current;
    }
  }

  /** The object with this id, for {@code terraform import}; null (with an error) when there is none. */
  public Map<String, Object> importById(ResourceType type, String id, Diags diags) {
    try {
      JsonNode node = type.fromApi(api.get(type.collection(), id), null);
      if (node == null) {
        diags.error("Cannot import non-existent remote object",
            "There is no " + type.collection() + " object with id \"" + id + "\" in this tenant.");
        return null;
      }
      return JsonMapping.fromJson(type.schema(), node);
    } catch (ApiException e) {
      report(type, e, diags, "import");
      return null;
    }
  }

  /** The data source: the object with the configured id, all attributes from the server. */
  public Map<String, Object> lookup(ResourceType type, Map<String, Object> config, Diags diags) {
    String id = (String) config.get("id");
    try {
      JsonNode node = type.fromApi(api.get(type.collection(), id), null);
      if (node == null) {
        diags.error(AttrPath.ROOT.attr("id"), "No " + type.typeName() + " with id \"" + id + "\"",
            "The data source looks an existing object up by id; there is none with this id in the tenant.");
        return null;
      }
      return JsonMapping.fromJson(type.dataSchema(), node);
    } catch (ApiException e) {
      report(type, e, diags, "read");
      return null;
    }
  }

  private static Map<String, Object> withWriteOnly(ResourceType type, Map<String, Object> fromServer,
      Map<String, Object> known) {
    return withWriteOnly(type.schema(), fromServer, known);
  }

  /**
   * Write-only values (never returned by the API) taken from {@code known}, at any depth: a nested object's
   * (e.g. a trunk's {@code digest.password}) only while that object is still there, list elements by index.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withWriteOnly(Block block, Map<String, Object> fromServer,
      Map<String, Object> known) {
    if (known == null || fromServer == null) {
      return fromServer;
    }
    for (Attr a : block.attributes()) {
      Object server = fromServer.get(a.name());
      Object mine = known.get(a.name());
      if (a.isWriteOnly()) {
        fromServer.put(a.name(), mine);
      } else if (a.nested() != null && server instanceof Map<?, ?> s && mine instanceof Map<?, ?> m) {
        withWriteOnly(a.nested(), (Map<String, Object>) s, (Map<String, Object>) m);
      } else if (a.nested() != null && server instanceof List<?> s && mine instanceof List<?> m) {
        for (int i = 0; i < Math.min(s.size(), m.size()); i++) {
          if (s.get(i) instanceof Map<?, ?> se && m.get(i) instanceof Map<?, ?> me) {
            withWriteOnly(a.nested(), (Map<String, Object>) se, (Map<String, Object>) me);
          }
        }
      }
    }
    return fromServer;
  }

  /** An API failure as diagnostics: one per field error, pointing at the attribute the API field maps to. */
  static void report(ResourceType type, ApiException e, Diags diags, String action) {
    Block schema = type.schema();
    String what = "Switchboard could not " + action + " " + type.typeName();
    if (!e.errors().isEmpty()) {
      for (ApiException.FieldError f : e.errors()) {
        AttrPath p = schema.pathOf(f.field());
        String name = p.isRoot() ? f.field() : p.toString();
        diags.error(p, "Invalid value for " + name, name + " " + f.message() + " (" + what + ": " + e.title() + ")");
      }
      return;
    }
    String hint = switch (e.status()) {
      case 0 -> " Check the provider's endpoint and that the node is running.";
      case 401 -> " The service token was refused: check the provider's token (or SWITCHBOARD_TOKEN).";
      case 403 -> " The service token lacks the admin role.";
      case 409 -> " Another object already has this id, or other objects still refer to this one.";
      case 412 -> " The object changed since Terraform last read it: run terraform plan again.";
      default -> "";
    };
    diags.error(what, e.getMessage() + "." + hint);
  }
}
