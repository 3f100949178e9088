package io.switchboard.quality;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One evaluation (a row of {@code evaluations}, V23). {@code scorecard} is the scorecard document as it was, at
 * {@code scorecardVersion}; {@code score} and {@code rawScore} are percent (docs/quality.md, {@link Scoring}).
 * {@code acknowledgedAt} null: the agent has not acknowledged it yet.
 */
public record Evaluation(String tenant, String id, String callId, String recordingId, String agentId, String queue,
    String scorecardId, long scorecardVersion, JsonObject scorecard, JsonObject answers, BigDecimal score,
    BigDecimal rawScore, boolean failed, String comment, String evaluator, Instant createdAt, Instant acknowledgedAt,
    String ackComment) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("callId", callId)
        .put("recordingId", recordingId)
        .put("agentId", agentId)
        .put("queue", queue)
        .put("scorecardId", scorecardId)
        .put("scorecardVersion", scorecardVersion)
        .put("scorecard", scorecard)
        .put("answers", answers)
        .put("score", score.doubleValue())
        .put("rawScore", rawScore.doubleValue())
        .put("failed", failed)
        .put("comment", comment)
        .put("evaluator", evaluator)
        .put("createdAt", createdAt.toString())
        .put("acknowledgedAt", acknowledgedAt == null ? null : acknowledgedAt.toString())
        .put("ackComment", ackComment);
  }
}
