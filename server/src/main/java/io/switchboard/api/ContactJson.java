package io.switchboard.api;

import io.switchboard.contacts.Contact;
import io.switchboard.contacts.ContactException;
import io.switchboard.contacts.ContactList;
import io.switchboard.contacts.ContactStore;
import io.switchboard.customers.Customer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The API's JSON for contact lists, contacts and imports, and contact failures as problems. */
final class ContactJson {
  private ContactJson() {}

  static JsonObject list(ContactList l) {
    return new JsonObject()
        .put("id", l.id())
        .put("version", l.version())
        .put("name", l.name())
        .put("description", l.description())
        .put("contacts", l.contacts())
        .put("createdAt", l.createdAt().toString())
        .put("updatedAt", l.updatedAt().toString());
  }

  /** A contact: a customer's JSON with the list's id. */
  static JsonObject contact(Contact c) {
    return CustomerJson.customer(new Customer(c.id(), c.version(), c.fields(), c.createdAt(), c.updatedAt()))
        .put("listId", c.listId());
  }

  static JsonObject imported(ContactStore.ImportResult r) {
    return new JsonObject()
        .put("rows", r.rows())
        .put("created", r.created())
        .put("updated", r.updated())
        .put("duplicates", r.duplicates())
        .put("rejectedRows", r.rejectedRows())
        .put("rejected", CustomerJson.rejected(r.rejected()));
  }

  /** A contact (or customer validation) failure as the problem the client gets; anything else unchanged. */
  static Throwable problem(Throwable e) {
    if (!(e instanceof ContactException c)) {
      return CustomerJson.problem(e);
    }
    return switch (c.reason()) {
      case NOT_FOUND -> Problem.notFound(c.getMessage());
      case VERSION_MISMATCH -> Problem.preconditionFailed(c.getMessage());
      case CONFLICT -> new Problem(409, "Conflict", c.getMessage(), c.field() == null ? List.of()
          : List.of(new Problem.FieldError(c.field(), c.getMessage())));
    };
  }
}
