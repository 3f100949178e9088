package io.switchboard.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When an interaction record is complete, and what its whole JSON holds, on hand-made event lists. */
class InteractionJsonTest {
  private final CallEventLog log = new CallEventLog();

  @Test
  void anAnsweredCallIsCompleteOnlyOnceItsWrapUpIsDone() {
    log.ev(1000, "call.enqueued", "queue", "support", "caller", "+15550100");
    log.ev(2000, "call.reserved", "agentId", "a1", "queue", "support");
    log.ev(3000, "call.accepted", "agentId", "a1", "queue", "support");
    log.ev(4000, "recording.started", "agentId", "a1", "recordingId", "rec-1");
    assertThat(InteractionJson.complete(log.fold())).as("on the call").isFalse();
    log.ev(60_000, "call.ended", "agentId", "a1", "queue", "support", "by", "caller");
    assertThat(InteractionJson.complete(log.fold())).as("in wrap-up").isFalse();
    log.ev(70_000, "wrapup.done", "agentId", "a1", "disposition", "resolved", "notes", "ok", "reason", "done");
    Interaction done = log.fold();
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
    log.ev(1000, "call.enqueued", "queue", "support", "caller", "+15550100");
    assertThat(InteractionJson.complete(log.fold())).isFalse();
    log.ev(9000, "call.abandoned", "queue", "support");
    Interaction abandoned = log.fold();
    assertThat(abandoned.outcome()).isEqualTo("abandoned");
    assertThat(InteractionJson.complete(abandoned)).isTrue();
    assertThat(InteractionJson.of(abandoned, true)).containsEntry("recordings", List.of());
  }
}
