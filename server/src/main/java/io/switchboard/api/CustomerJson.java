package io.switchboard.api;

import io.switchboard.customers.Customer;
import io.switchboard.customers.CustomerException;
import io.switchboard.customers.CustomerFields;
import io.switchboard.customers.CustomerStore;
import io.switchboard.customers.CsvImport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The API's JSON for customers, the screen pop and imports, and customer failures as problems. */
final class CustomerJson {
  private CustomerJson() {}

  static JsonObject customer(Customer c) {
    CustomerFields f = c.fields();
    return new JsonObject()
        .put("id", c.id())
        .put("version", c.version())
        .put("displayName", f.displayName())
        .put("givenName", f.givenName())
        .put("familyName", f.familyName())
        .put("phones", new JsonArray(f.phones()))
        .put("emails", new JsonArray(f.emails()))
        .put("company", f.company())
        .put("language", f.language())
        .put("timeZone", f.timeZone())
        .put("attributes", new JsonObject(new java.util.LinkedHashMap<String, Object>(f.attributes())))
        .put("createdAt", c.createdAt().toString())
        .put("updatedAt", c.updatedAt().toString());
  }

  static JsonObject pastCall(CustomerStore.PastCall p) {
    return new JsonObject()
        .put("callId", p.callId())
        .put("arrivedAt", p.arrivedAt().toString())
        .put("queue", p.queue())
        .put("outcome", p.outcome())
        .put("disposition", p.disposition())
        .put("agent", p.agentId());
  }

  static JsonObject imported(CsvImport.Result r) {
    return new JsonObject()
        .put("rows", r.rows())
        .put("created", r.created())
        .put("updated", r.updated())
        .put("rejectedRows", r.rejectedRows())
        .put("rejected", rejected(r.rejected()));
  }

  /** An import's faults: line, column (null: the whole row) and reason each. */
  static JsonArray rejected(List<CsvImport.Rejected> faults) {
    JsonArray rejected = new JsonArray();
    faults.forEach(x -> rejected.add(new JsonObject().put("line", x.line()).put("column", x.column())
        .put("reason", x.reason())));
    return rejected;
  }

  static JsonObject settings(CustomerStore.Settings s, String effectiveCountry) {
    return new JsonObject()
        .put("defaultCountry", s.defaultCountry())
        .put("effectiveDefaultCountry", effectiveCountry)
        .put("crmUrlTemplate", s.crmUrlTemplate());
  }

  /** A customer failure as the problem the client gets; anything else unchanged. */
  static Throwable problem(Throwable e) {
    if (!(e instanceof CustomerException c)) {
      return e;
    }
    return switch (c.reason()) {
      case INVALID -> Problem.invalid(c.violations().stream()
          .map(v -> new Problem.FieldError(v.field(), v.message())).toList());
      case NOT_FOUND -> Problem.notFound(c.getMessage());
      case VERSION_MISMATCH -> Problem.preconditionFailed(c.getMessage());
    };
  }
}
