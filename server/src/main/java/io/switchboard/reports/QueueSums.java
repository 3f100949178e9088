package io.switchboard.reports;

/**
 * What the store adds up for one queue over one interval (or the whole range): counts and millisecond sums, from
 * which {@link Figures} derives every queue figure. Durations are milliseconds.
 *
 * @param longestWaitMs the longest wait of a call answered or abandoned, -1 when there was none
 * @param answeringAgents distinct agents who answered (first answers) of these calls
 */
public record QueueSums(long offered, long answered, long abandoned, long shortAbandoned, long answeredInServiceLevel,
    long answeredWaitMs, long talkMs, long holdMs, long wrapMs, long longestWaitMs, long transfers,
    long answeringAgents) {

  public static final QueueSums ZERO = new QueueSums(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0);
}
