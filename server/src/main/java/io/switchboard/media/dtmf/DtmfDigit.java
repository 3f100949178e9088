package io.switchboard.media.dtmf;

/**
 * A received DTMF key press.
 *
 * @param digit 0-9, *, #, A-D
 * @param durationMillis how long the key was held, from the event's final duration field
 * @param rtpTimestamp the event's RTP timestamp (its start), identifies the event within the stream
 * @param endSeen false when the event was closed without an end packet (all three were lost)
 */
public record DtmfDigit(char digit, int durationMillis, long rtpTimestamp, boolean endSeen) {}
