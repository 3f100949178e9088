package io.switchboard.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When an interaction record is complete, and what its whole JSON holds, on hand-made event lists. */
class InteractionJsonTest {
  private final List<StreamEvent> events = new ArrayList<>();
  private int seq;

  private void ev(long ms, String type, String... kv) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("callId", "c1");
    for (int i = 0; i < kv.length; i += 2) {
      f.put(kv[i], kv[i + 1]);
    }
    events.add(new StreamEvent("t", ms + "-" + (seq++), type, ms, "n1", f));
  }

  private Interaction fold() {
    return InteractionFold.fold("t", "c1", events).orElseThrow();
  }

  @Test
  void anAnsweredCallIsCompleteOnlyOnceItsWrapUpIsDone() {
    ev(1000, "call.enqueued", "queue", "support", "caller", "+15550100");
    ev(2000, "call.reserved", "agentId", "a1", "queue", "support");
    ev(3000, "call.accepted", "agentId", "a1", "queue", "support");
    ev(4000, "recording.started", "agentId", "a1", "recordingId", "rec-1");
    assertThat(InteractionJson.complete(fold())).as("on the call").isFalse();
    ev(60_000, "call.ended", "agentId", "a1", "queue", "support", "by", "caller");
    assertThat(InteractionJson.complete(fold())).as("in wrap-up").isFalse();
    ev(70_000, "wrapup.done", "agentId", "a1", "disposition", "resolved", "notes", "ok", "reason", "done");
    Interaction done = fold();
    assertThat(InteractionJson.complete(done)).isTrue();

    Map<String, Object> whole = InteractionJson.of(done, true);
    assertThat(whole).containsEntry("outcome", "answered").containsEntry("disposition", "resolved")
        .containsEntry("notes", "ok").containsEntry("recordings", List.of("rec-1"));
    assertThat((List<?>) whole.get("legs")).hasSize(1);
    assertThat((List<?>) whole.get("timeline")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(InteractionJson.of(done, false)).doesNotContainKeys("timeline", "legs", "recordings");
  }

  @Test
  void anUnansweredCallIsCompleteWhenItEnds() {
    ev(1000, "call.enqueued", "queue", "support", "caller", "+15550100");
    assertThat(InteractionJson.complete(fold())).isFalse();
    ev(9000, "call.abandoned", "queue", "support");
    Interaction abandoned = fold();
    assertThat(abandoned.outcome()).isEqualTo("abandoned");
    assertThat(InteractionJson.complete(abandoned)).isTrue();
    assertThat(InteractionJson.of(abandoned, true)).containsEntry("recordings", List.of());
  }
}
