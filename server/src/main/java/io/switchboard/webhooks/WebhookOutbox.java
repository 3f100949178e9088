package io.switchboard.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.directory.WebhookEvents;
import io.switchboard.records.EventBatchHook;
import io.switchboard.records.Interaction;
import io.switchboard.records.InteractionJson;
import io.switchboard.records.StreamEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queues a delivery per event and webhook that wants it, in the transaction that stores the events: a delivery
 * exists exactly when its event is stored, and a batch stored again queues nothing new (the table's key on tenant,
 * webhook and event id). The body is fixed here, so every attempt sends the same bytes:
 * <pre>{"type": "call.ended", "timestamp": "2026-12-07T08:00:00.125Z", "data": {"callId": "…", …}}</pre>
 * Threading: the pipeline's thread (blocking).
 */
public final class WebhookOutbox implements EventBatchHook {
  static final String INSERT = "INSERT INTO webhook_deliveries (tenant, webhook_id, event_id, event_type, body) "
      + "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
      + "ON CONFLICT (tenant, webhook_id, event_id) DO NOTHING";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The event of a whole interaction record, sent once it is complete. */
  static final String COMPLETED = WebhookEvents.INTERACTION_COMPLETED;

  private final WebhookSubscriptions subscriptions;

  WebhookOutbox(WebhookSubscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  /**
   * An ACD event of a case offered from a backlog (call id {@code case-<id>}, docs/cases.md): not an interaction, so
   * not sent as one (the case's own changes are {@code case.*} events, which carry no callId).
   */
  static boolean caseWorkItem(StreamEvent e) {
    String callId = e.fields().get("callId");
    return callId != null && callId.startsWith("case-");
  }

  @Override
  public void stored(Connection c, List<StreamEvent> events) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    for (StreamEvent e : events) {
      if (caseWorkItem(e)) {
        continue;
      }
      for (Webhook w : subscriptions.of(e.tenant())) {
        if (w.wants(e.type())) {
          rows.add(new String[] {e.tenant(), w.id(), e.entryId(), e.type(), body(e)});
        }
      }
    }
    insert(c, rows);
  }

  /** Inserts deliveries, one per row: tenant, webhook id, event id, event type, body. */
  private static void insert(Connection c, List<String[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (int col = 0; col < 5; col++) {
        String[] column = new String[rows.size()];
        for (int i = 0; i < column.length; i++) {
          column[i] = rows.get(i)[col];
        }
        insert.setArray(col + 1, c.createArrayOf("text", column));
      }
      insert.executeUpdate();
    }
  }

  /**
   * Queues {@value #COMPLETED} for each interaction of the batch that is now complete
   * ({@link InteractionJson#complete}), once per webhook and call (event id {@code interaction-<callId>}: a later
   * refold, say of a late recording step, queues nothing new, so the receiver gets the record as it was when it
   * completed).
   */
  @Override
  public void refolded(Connection c, List<Interaction> interactions) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    for (Interaction i : interactions) {
      if (!InteractionJson.complete(i)) {
        continue;
      }
      for (Webhook w : subscriptions.of(i.tenant())) {
        if (w.wants(COMPLETED)) {
          rows.add(new String[] {i.tenant(), w.id(), "interaction-" + i.callId(), COMPLETED, body(i)});
        }
      }
    }
    insert(c, rows);
  }

  /** The whole record ({@link InteractionJson}), stamped with when it completed (its end, or its wrap-up's end). */
  static String body(Interaction i) {
    long at = i.endedAt() + (i.answeredAt() == null ? 0 : i.wrapMs());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", COMPLETED);
    body.put("timestamp", Instant.ofEpochMilli(at).toString());
    body.put("data", InteractionJson.of(i, true));
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("maps of strings, numbers and lists always serialise", ex);
    }
  }

  /** What is POSTed for {@code e}: its type, time (ISO-8601, ms) and fields. */
  static String body(StreamEvent e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", e.type());
    body.put("timestamp", Instant.ofEpochMilli(e.tsMillis()).toString());
    body.put("data", new java.util.TreeMap<>(e.fields()));
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("strings always serialise", ex);
    }
  }
}
