package io.switchboard.cases;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A request body read strictly: a field it does not know, or a value of the wrong type or shape, is refused naming
 * the field. Pure; the references (department, owner, customer) are checked against the directory and the store by
 * the caller.
 */
public final class CaseInput {
  static final int SUBJECT_MAX = 200;
  static final int DESCRIPTION_MAX = 10_000;
  public static final int NOTE_MAX = 2_000;
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  static final Set<String> CREATE = Set.of("subject", "description", "priority", "status", "department", "owner",
      "customerId", "callId");
  static final Set<String> PATCH = Set.of("subject", "description", "priority", "status", "owner", "customerId");

  /** What a new case is made of; {@code status} new unless given, {@code priority} normal unless given. */
  public record NewCase(String subject, String description, CasePriority priority, CaseStatus status,
      String department, String owner, UUID customerId, String callId) {}

  private CaseInput() {}

  public static NewCase create(JsonObject body) {
    known(body, CREATE, "forward or escalate a case to change its department");
    String subject = text(body, "subject", SUBJECT_MAX, true);
    CaseStatus status = body.containsKey("status") ? status(body.getValue("status")) : CaseStatus.NEW;
    if (status == CaseStatus.CLOSED || status == CaseStatus.RESOLVED) {
      throw CaseException.invalid("status", "a new case is new, open or pending");
    }
    return new NewCase(subject, text(body, "description", DESCRIPTION_MAX, false),
        body.containsKey("priority") ? priority(body.getValue("priority")) : CasePriority.NORMAL, status,
        id(body, "department", true), id(body, "owner", false), customer(body.getValue("customerId")),
        callId(body.getValue("callId")));
  }

  /**
   * The fields a PATCH changes, by name, validated: {@code owner} and {@code customerId} may be null (back to the
   * backlog; no customer).
   */
  public static Map<String, Object> patch(JsonObject body) {
    known(body, PATCH, "POST /cases/{id}/forward changes the department");
    if (body.isEmpty()) {
      throw CaseException.invalid(null, "nothing to change: give one of " + String.join(", ", PATCH));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (body.containsKey("subject")) {
      out.put("subject", text(body, "subject", SUBJECT_MAX, true));
    }
    if (body.containsKey("description")) {
      out.put("description", text(body, "description", DESCRIPTION_MAX, false));
    }
    if (body.containsKey("priority")) {
      out.put("priority", priority(body.getValue("priority")));
    }
    if (body.containsKey("status")) {
      out.put("status", status(body.getValue("status")));
    }
    if (body.containsKey("owner")) {
      out.put("owner", id(body, "owner", false));
    }
    if (body.containsKey("customerId")) {
      out.put("customerId", customer(body.getValue("customerId")));
    }
    return out;
  }

  /** An optional free-text note (forward, escalate). */
  public static String note(JsonObject body, Set<String> allowed) {
    known(body, allowed, null);
    return text(body, "note", NOTE_MAX, false);
  }

  /** The call id of {@code {"callId": "..."}} (linking an interaction). */
  public static String link(JsonObject body) {
    known(body, Set.of("callId"), null);
    String callId = callId(body.getValue("callId"));
    if (callId == null) {
      throw CaseException.invalid("callId", "is required");
    }
    return callId;
  }

  /** The id at {@code field} (a queue, an agent), required or not. */
  public static String id(JsonObject body, String field, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) {
        throw CaseException.invalid(field, "is required");
      }
      return null;
    }
    if (!(v instanceof String s) || !ID.matcher(s).matches()) {
      throw CaseException.invalid(field, "must be an id matching " + ID.pattern());
    }
    return s;
  }

  private static void known(JsonObject body, Set<String> allowed, String hint) {
    for (String k : body.fieldNames()) {
      if (!allowed.contains(k)) {
        throw CaseException.invalid(k, "is not a field here (" + String.join(", ", allowed.stream().sorted()
            .toList()) + ")" + (hint == null || !k.equals("department") ? "" : ": " + hint));
      }
    }
  }

  private static String text(JsonObject body, String field, int max, boolean required) {
    Object v = body.getValue(field);
    if (v == null || (v instanceof String s && s.isBlank())) {
      if (required) {
        throw CaseException.invalid(field, "is required");
      }
      return null;
    }
    if (!(v instanceof String s) || s.length() > max) {
      throw CaseException.invalid(field, "must be a string of at most " + max + " characters");
    }
    return s.strip();
  }

  private static CaseStatus status(Object v) {
    return v instanceof String s ? CaseStatus.fromWire(s).orElseThrow(() -> CaseException.invalid("status",
        "must be one of new, open, pending, resolved, closed")) : fail("status",
        "must be one of new, open, pending, resolved, closed");
  }

  private static CasePriority priority(Object v) {
    return v instanceof String s ? CasePriority.fromWire(s).orElseThrow(() -> CaseException.invalid("priority",
        "must be one of low, normal, high, urgent")) : fail("priority", "must be one of low, normal, high, urgent");
  }

  private static UUID customer(Object v) {
    if (v == null) {
      return null;
    }
    try {
      return UUID.fromString((String) v);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw CaseException.invalid("customerId", "must be a customer's id (a UUID)");
    }
  }

  private static String callId(Object v) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || !CALL_ID.matcher(s).matches()) {
      throw CaseException.invalid("callId", "must be a call id");
    }
    return s;
  }

  private static <T> T fail(String field, String message) {
    throw CaseException.invalid(field, message);
  }
}
