package io.switchboard.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An interaction record as the API shows it ({@code GET /api/v1/interactions/{callId}}) and the
 * {@code interaction.completed} webhook sends it: one mapping, so both say the same thing. Durations are seconds,
 * times ISO-8601 instants. Also tells when a record is complete (nothing more will change it). Stateless.
 */
public final class InteractionJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> STEPS = new TypeReference<>() {};

  private InteractionJson() {}

  /**
   * The record's fields; {@code whole} adds its timeline (the steps) and legs, and the ids of the recordings made
   * of it ({@code recordings}, from its recording steps, in order).
   */
  public static Map<String, Object> of(Interaction i, boolean whole) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("callId", i.callId());
    o.put("direction", i.direction());
    o.put("caller", i.caller());
    o.put("callerId", i.callerId());
    o.put("language", i.language());
    o.put("queue", i.queue());
    o.put("finalQueue", i.finalQueue());
    o.put("priority", i.priority());
    o.put("region", i.region());
    o.put("arrivedAt", iso(i.arrivedAt()));
    o.put("answeredAt", iso(i.answeredAt()));
    o.put("agent", i.agentId());
    o.put("endedAt", iso(i.endedAt()));
    o.put("outcome", i.outcome());
    o.put("endedBy", i.endedBy());
    o.put("waitSeconds", seconds(i.waitMs()));
    o.put("talkSeconds", seconds(i.talkMs()));
    o.put("holdSeconds", seconds(i.holdMs()));
    o.put("holdCount", i.holdCount());
    o.put("wrapSeconds", seconds(i.wrapMs()));
    o.put("transfers", i.transfers());
    o.put("offers", i.offers());
    o.put("disposition", i.disposition());
    o.put("notes", i.notes());
    if (whole) {
      List<Map<String, Object>> steps = steps(i);
      o.put("timeline", steps);
      List<Object> legs = new ArrayList<>();
      for (Interaction.Leg l : i.legs()) {
        Map<String, Object> leg = new LinkedHashMap<>();
        leg.put("seq", l.seq());
        leg.put("agent", l.agentId());
        leg.put("queue", l.queue());
        leg.put("offeredAt", iso(l.offeredAt()));
        leg.put("outcome", l.outcome());
        leg.put("answeredAt", iso(l.answeredAt()));
        leg.put("endedAt", iso(l.endedAt()));
        leg.put("talkSeconds", seconds(l.talkMs()));
        leg.put("holdSeconds", seconds(l.holdMs()));
        leg.put("wrapSeconds", seconds(l.wrapMs()));
        leg.put("transferred", l.transferred());
        legs.add(leg);
      }
      o.put("legs", legs);
      Set<Object> recordings = new LinkedHashSet<>();
      steps.forEach(s -> {
        if (s.get("recordingId") != null) {
          recordings.add(s.get("recordingId"));
        }
      });
      o.put("recordings", new ArrayList<>(recordings));
    }
    return o;
  }

  /**
   * Whether nothing more will change the record: the call ended, and when it was answered its wrap-up after the end
   * is done too (a {@code wrapup} step at or after {@code endedAt}: the disposition and notes are in).
   */
  public static boolean complete(Interaction i) {
    if (i.endedAt() == null || "open".equals(i.outcome())) {
      return false;
    }
    if (i.answeredAt() == null) {
      return true;
    }
    Instant ended = Instant.ofEpochMilli(i.endedAt());
    return steps(i).stream().anyMatch(s -> "wrapup".equals(s.get("kind")) && s.get("at") instanceof String at
        && !Instant.parse(at).isBefore(ended));
  }

  private static List<Map<String, Object>> steps(Interaction i) {
    if (i.timeline() == null || i.timeline().isEmpty()) {
      return List.of();
    }
    try {
      return JSON.readValue(i.timeline(), STEPS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the fold writes the timeline as a JSON array", e);
    }
  }

  private static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  private static double seconds(long ms) {
    return ms / 1000.0;
  }
}
