package io.switchboard.terraform.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.switchboard.terraform.api.ApiClient;
import io.switchboard.terraform.protocol.Tf6;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Diags;
import io.switchboard.terraform.schema.JsonMapping;
import io.switchboard.terraform.value.Msgpack;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tfplugin6 Provider service: one method per RPC, request in, response out; failures are diagnostics,
 * never gRPC errors. Terraform calls concurrently (one provider process serves a whole plan or apply); the only
 * mutable field is the configured {@link Lifecycle}, set once by ConfigureProvider before any resource RPC.
 */
public final class ProviderService {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ResourceType> types = new LinkedHashMap<>();
  private final Map<String, String> env;
  private final Tf6.GetProviderSchema.Response schema;
  private volatile Lifecycle lifecycle;

  public ProviderService(List<ResourceType> resourceTypes, Map<String, String> env) {
    resourceTypes.forEach(t -> types.put(t.typeName(), t));
    this.env = env;
    this.schema = buildSchema();
  }

  private Tf6.GetProviderSchema.Response buildSchema() {
    Tf6.GetProviderSchema.Response.Builder b = Tf6.GetProviderSchema.Response.newBuilder()
        .setProvider(ProviderConfig.SCHEMA.toProto(0, "Switchboard call center: directory objects through the admin API."))
        .setServerCapabilities(Tf6.ServerCapabilities.newBuilder().setGetProviderSchemaOptional(true));
    for (ResourceType t : types.values()) {
      b.putResourceSchemas(t.typeName(), t.schema().toProto(0, t.description()));
      b.putDataSourceSchemas(t.typeName(), t.dataSchema().toProto(0, "Looks up an existing " + t.typeName()
          .substring("switchboard_".length()).replace('_', ' ') + " by id."));
    }
    return b.build();
  }

  public Tf6.GetProviderSchema.Response getProviderSchema(Tf6.GetProviderSchema.Request req) {
    return schema;
  }

  public Tf6.ValidateProviderConfig.Response validateProviderConfig(Tf6.ValidateProviderConfig.Request req) {
    Diags d = new Diags();
    ProviderConfig.validate(decode(req.getConfig(), ProviderConfig.SCHEMA), d);
    return Tf6.ValidateProviderConfig.Response.newBuilder().addAllDiagnostics(d.all()).build();
  }

  public Tf6.ConfigureProvider.Response configureProvider(Tf6.ConfigureProvider.Request req) {
    Diags d = new Diags();
    ProviderConfig c = ProviderConfig.resolve(decode(req.getConfig(), ProviderConfig.SCHEMA), env, d);
    if (c != null) {
      lifecycle = new Lifecycle(new ApiClient(c.endpoint(), c.token(), Duration.ofSeconds(30)));
    }
    return Tf6.ConfigureProvider.Response.newBuilder().addAllDiagnostics(d.all()).build();
  }

  public Tf6.ValidateResourceConfig.Response validateResourceConfig(Tf6.ValidateResourceConfig.Request req) {
    Diags d = new Diags();
    ResourceType t = type(req.getTypeName(), d);
    if (t != null) {
      t.validate(decode(req.getConfig(), t.schema()), false, d);
    }
    return Tf6.ValidateResourceConfig.Response.newBuilder().addAllDiagnostics(d.all()).build();
  }

  public Tf6.ValidateDataResourceConfig.Response validateDataResourceConfig(
      Tf6.ValidateDataResourceConfig.Request req) {
    Diags d = new Diags();
    ResourceType t = type(req.getTypeName(), d);
    if (t != null) {
      t.validate(decode(req.getConfig(), t.dataSchema()), true, d);
    }
    return Tf6.ValidateDataResourceConfig.Response.newBuilder().addAllDiagnostics(d.all()).build();
  }

  /** Stored state (JSON) shaped to the current schema: attributes added since are null, removed ones dropped. */
  public Tf6.UpgradeResourceState.Response upgradeResourceState(Tf6.UpgradeResourceState.Request req) {
    Diags d = new Diags();
    Tf6.UpgradeResourceState.Response.Builder b = Tf6.UpgradeResourceState.Response.newBuilder();
    ResourceType t = type(req.getTypeName(), d);
    if (t != null) {
      try {
        Object raw = JsonMapping.plain(JSON.readTree(req.getRawState().getJson().toByteArray()));
        b.setUpgradedState(encode(t.schema().normalize(raw)));
      } catch (IOException e) {
        d.error("Unreadable state for " + t.typeName(), e.getMessage());
      }
    }
    return b.addAllDiagnostics(d.all()).build();
  }

  public Tf6.ReadResource.Response readResource(Tf6.ReadResource.Request req) {
    Diags d = new Diags();
    Tf6.ReadResource.Response.Builder b = Tf6.ReadResource.Response.newBuilder();
    ResourceType t = type(req.getTypeName(), d);
    Lifecycle l = lifecycle(d);
    if (t != null && l != null) {
      Map<String, Object> current = decode(req.getCurrentState(), t.schema());
      b.setNewState(encode(current == null ? null : t.schema().normalize(l.read(t, current, d))));
      b.setPrivate(req.getPrivate());
    }
    return b.addAllDiagnostics(d.all()).build();
  }

  public Tf6.PlanResourceChange.Response planResourceChange(Tf6.PlanResourceChange.Request req) {
    Diags d = new Diags();
    Tf6.PlanResourceChange.Response.Builder b = Tf6.PlanResourceChange.Response.newBuilder();
    ResourceType t = type(req.getTypeName(), d);
    if (t != null) {
      Map<String, Object> config = decode(req.getConfig(), t.schema());
      t.validate(config, false, d);
      Lifecycle.Plan plan = Lifecycle.plan(t, decode(req.getPriorState(), t.schema()),
          decode(req.getProposedNewState(), t.schema()));
      b.setPlannedState(encode(plan.planned()));
      plan.requiresReplace().forEach(p -> b.addRequiresReplace(p.toProto()));
      b.setPlannedPrivate(req.getPriorPrivate());
    }
    return b.addAllDiagnostics(d.all()).build();
  }

  public Tf6.ApplyResourceChange.Response applyResourceChange(Tf6.ApplyResourceChange.Request req) {
    Diags d = new Diags();
    Tf6.ApplyResourceChange.Response.Builder b = Tf6.ApplyResourceChange.Response.newBuilder();
    ResourceType t = type(req.getTypeName(), d);
    Lifecycle l = lifecycle(d);
    if (t != null && l != null) {
      Map<String, Object> next = l.apply(t, decode(req.getPriorState(), t.schema()),
          decode(req.getPlannedState(), t.schema()), d);
      b.setNewState(encode(next == null ? null : t.schema().normalize(next)));
      b.setPrivate(req.getPlannedPrivate());
    }
    return b.addAllDiagnostics(d.all()).build();
  }

  public Tf6.ImportResourceState.Response importResourceState(Tf6.ImportResourceState.Request req) {
    Diags d = new Diags();
    Tf6.ImportResourceState.Response.Builder b = Tf6.ImportResourceState.Response.newBuilder();
    ResourceType t = type(req.getTypeName(), d);
    Lifecycle l = lifecycle(d);
    if (t != null && l != null) {
      Map<String, Object> state = l.importById(t, req.getId(), d);
      if (state != null) {
        b.addImportedResources(Tf6.ImportResourceState.ImportedResource.newBuilder()
            .setTypeName(t.typeName()).setState(encode(t.schema().normalize(state))));
      }
    }
    return b.addAllDiagnostics(d.all()).build();
  }

  public Tf6.ReadDataSource.Response readDataSource(Tf6.ReadDataSource.Request req) {
    Diags d = new Diags();
    Tf6.ReadDataSource.Response.Builder b = Tf6.ReadDataSource.Response.newBuilder();
    ResourceType t = type(req.getTypeName(), d);
    Lifecycle l = lifecycle(d);
    if (t != null && l != null) {
      Map<String, Object> config = decode(req.getConfig(), t.dataSchema());
      t.validate(config, true, d);
      if (!d.hasErrors()) {
        Map<String, Object> state = l.lookup(t, config, d);
        b.setState(encode(state == null ? config : t.dataSchema().normalize(state)));
      }
    }
    return b.addAllDiagnostics(d.all()).build();
  }

  public Tf6.StopProvider.Response stopProvider(Tf6.StopProvider.Request req) {
    return Tf6.StopProvider.Response.getDefaultInstance(); // calls are short HTTP requests with timeouts
  }

  private ResourceType type(String name, Diags d) {
    ResourceType t = types.get(name);
    if (t == null) {
      d.error("Unknown resource type " + name, "This provider serves: " + String.join(", ", types.keySet()));
    }
    return t;
  }

  private Lifecycle lifecycle(Diags d) {
    Lifecycle l = lifecycle;
    if (l == null) {
      d.error("Provider not configured", "ConfigureProvider was not called or failed; see the errors before this one.");
    }
    return l;
  }

  private static Map<String, Object> decode(Tf6.DynamicValue v, Block schema) {
    if (!v.getJson().isEmpty()) {
      try {
        return schema.normalizeObject(JsonMapping.plain(JSON.readTree(v.getJson().toByteArray())));
      } catch (IOException e) {
        throw new IllegalArgumentException("unreadable DynamicValue json", e);
      }
    }
    return schema.normalizeObject(Msgpack.decode(v.getMsgpack().toByteArray()));
  }

  private static Tf6.DynamicValue encode(Object value) {
    return Tf6.DynamicValue.newBuilder().setMsgpack(ByteString.copyFrom(Msgpack.encode(value))).build();
  }
}
