package io.switchboard.terraform.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.terraform.api.ApiClient;
import io.switchboard.terraform.api.ApiException;
import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Diags;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code switchboard_contact_list}: {@code /api/v1/contact-lists}, a list a campaign dials, and optionally the CSV its
 * contacts come from (e.g. {@code file("leads.csv")}). The CSV is imported after the list is written, whenever its
 * text changes: as the API's import does, contacts are added or updated by number and never removed, so contacts
 * taken out of the file stay until removed through the API. Rejected rows do not fail the apply: each is a warning
 * with its line, column and reason, and the rest is imported. The CSV itself is not returned by the API: Terraform
 * keeps the configured text in state, and {@code contacts} (the server's count) shows what the list holds.
 */
public final class ContactListResource extends ResourceType {
  /** Rejected rows shown one by one; more are summed up in one warning. */
  private static final int WARNINGS_SHOWN = 10;

  public ContactListResource() {
    super("contact_list", "contact-lists", "A contact list for campaigns, with the CSV its contacts are imported "
        + "from.", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(100)),
        Attr.string("description").optional().check(Check.maxLength(1000)),
        Attr.string("csv").optional().writeOnly()
            .describe("Contacts as CSV (UTF-8, header: name, phone, ..., as the API's import), imported on every "
                + "change of the text; additive."),
        Attr.number("contacts").computed().describe("How many contacts the list holds (the server's count).")));
  }

  @Override
  protected Attr idAttribute() {
    return Attr.string("id").computed().describe("The server's id (a UUID).");
  }

  @Override
  protected ObjectNode toApi(ObjectNode body) {
    return body.without(List.of("csv"));
  }

  @Override
  protected void afterWrite(ApiClient api, String id, Map<String, Object> planned, Map<String, Object> prior,
      Diags diags) throws ApiException {
    Object csv = planned.get("csv");
    if (!(csv instanceof String text) || prior != null && Objects.equals(text, prior.get("csv"))) {
      return;
    }
    JsonNode result = api.postTo(collection(), id, "import", "text/csv; charset=utf-8",
        text.getBytes(StandardCharsets.UTF_8));
    JsonNode rejected = result.path("rejected");
    for (int i = 0; i < Math.min(rejected.size(), WARNINGS_SHOWN); i++) {
      JsonNode r = rejected.get(i);
      diags.warning("Contact list \"" + planned.get("name") + "\": CSV row not imported",
          "line " + r.path("line").asInt() + (r.path("column").isTextual() ? ", column " + r.path("column").asText()
              : "") + ": " + r.path("reason").asText());
    }
    long more = result.path("rejectedRows").asLong() - Math.min(rejected.size(), WARNINGS_SHOWN);
    if (more > 0) {
      diags.warning("Contact list \"" + planned.get("name") + "\": " + more + " more CSV rows not imported",
          "GET the list's contacts or import the file through the API to see every rejected row.");
    }
  }
}
