package io.switchboard.recording;

import java.time.Instant;
import java.util.List;

/**
 * One recording's metadata, as kept in PostgreSQL (table {@code recordings}, V5). Immutable.
 *
 * @param startedAt wall-clock time the recording started (the recording node's clock)
 * @param endedAt null while recording
 * @param durationMs length of the audio (both channels), milliseconds
 * @param pausedSpans offsets in milliseconds from the start; the last may be open ({@code toMs} -1) while paused
 * @param bytes size of the stored WAV so far, header included
 * @param failure why it failed, null unless {@code status} is {@link Status#FAILED}
 */
public record Recording(String id, String tenant, String callId, String agentId, String queue, Instant startedAt,
    Instant endedAt, long durationMs, Status status, List<Span> pausedSpans, String storageKey, long bytes,
    int channels, String failure) {

  public enum Status {
    RECORDING, COMPLETE, FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Status of(String wire) {
      return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** A paused span, ms from the start; {@code toMs} -1 while still paused. */
  public record Span(long fromMs, long toMs) {}

  public Recording {
    pausedSpans = List.copyOf(pausedSpans);
  }
}
