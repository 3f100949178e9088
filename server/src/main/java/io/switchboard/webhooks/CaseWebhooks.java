package io.switchboard.webhooks;

import io.switchboard.cases.Case;
import io.switchboard.cases.CaseHistory;
import io.switchboard.cases.CaseHook;
import io.switchboard.records.StreamEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queues a case's changes for the webhooks that want them, in the transaction that makes the change: event type
 * {@code case.<action>} (created, updated, forwarded, escalated, linked, breached), id
 * {@code case-<case id>-<history seq>}, and the case as it is after the change.
 */
final class CaseWebhooks implements CaseHook {
  private final WebhookOutbox outbox;

  CaseWebhooks(WebhookOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void changed(Connection c, Case after, CaseHistory change) throws SQLException {
    Map<String, String> fields = new LinkedHashMap<>();
    put(fields, "caseId", Long.toString(after.id()));
    put(fields, "subject", after.subject());
    put(fields, "status", after.status().wire());
    put(fields, "priority", after.priority().wire());
    put(fields, "department", after.department());
    put(fields, "owner", after.owner());
    put(fields, "customerId", after.customerId() == null ? null : after.customerId().toString());
    put(fields, "dueAt", after.dueAt().toString());
    put(fields, "escalations", Integer.toString(after.escalations()));
    put(fields, "actor", change.actor());
    put(fields, "changes", change.changes());
    put(fields, "note", change.note());
    outbox.stored(c, List.of(new StreamEvent(after.tenant(), "case-" + after.id() + "-" + change.seq(),
        "case." + change.action(), change.at().toEpochMilli(), "", fields)));
  }

  private static void put(Map<String, String> fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }
}
