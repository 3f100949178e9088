package io.switchboard.sip.transport;

import io.switchboard.sip.SipLimits;

/**
 * Settings of the SIP transport and transaction layers. Immutable. Times in milliseconds.
 *
 * <p>Config keys the lead maps onto it (defaults in {@link #DEFAULTS}): sip.t1 (500), sip.t2 (4000),
 * sip.t4 (5000), sip.trying-delay (200), sip.mtu-limit (1300), sip.tcp-idle-timeout (60000),
 * sip.flood.rate (200 messages/s per source IP), sip.flood.burst (400), sip.max-message-bytes (65535),
 * sip.max-headers (256), sip.answer-delay-ms (0), sip.flood.trunk-rate (2000), sip.flood.trunk-burst (4000),
 * and the TLS keys of {@link SipTls}.
 *
 * @param t1Ms RTT estimate (RFC 3261 §17.1.1.1, Table 4: 500 ms)
 * @param t2Ms longest retransmit interval for non-INVITE requests and INVITE responses (4 s)
 * @param t4Ms longest time a message stays in the network (5 s): Timers I and K on UDP
 * @param tryingDelayMs how long an INVITE server transaction waits for the TU before sending 100 Trying
 *     itself (§17.2.1: "200 ms"); 0 sends it at once
 * @param mtuLimitBytes a UDP request larger than this goes over TCP (§18.1.1: 1300 when the MTU is unknown)
 * @param tcpIdleTimeoutMs a TCP connection with no traffic for this long is closed (§18.3 leaves it to
 *     the implementation); must exceed 64*T1 so a connection outlives its transactions
 * @param floodRatePerSecond messages per second one source IP may send, sustained
 * @param floodBurst messages one source IP may send at once (the token bucket size)
 * @param trunkFloodRatePerSecond messages per second all the source addresses of one trunk may send together
 *     (a carrier's SBC is one address that carries many calls), sustained; see {@link FloodPolicy}
 * @param trunkFloodBurst messages one trunk may send at once
 * @param limits parser bounds (largest message, most headers)
 * @param answerDelayMs inbound call control answers an INVITE with 180 Ringing and sends the 200 OK only this
 *     long after the media is ready (0: 200 at once, no 180); lets a carrier's CANCEL arrive before the answer
 * @param tls the TLS listener and client ({@link SipTls#OFF}: none)
 */
public record SipOptions(long t1Ms, long t2Ms, long t4Ms, long tryingDelayMs, int mtuLimitBytes,
    long tcpIdleTimeoutMs, double floodRatePerSecond, int floodBurst, SipLimits limits, long answerDelayMs,
    double trunkFloodRatePerSecond, int trunkFloodBurst, SipTls tls) {

  /** Test defaults (the node's come from the reference config): no TLS listener. */
  public static final SipOptions DEFAULTS =
      new SipOptions(500, 4000, 5000, 200, 1300, 60_000, 200, 400, SipLimits.DEFAULTS);

  public SipOptions {
    if (t1Ms < 1 || t2Ms < t1Ms || t4Ms < 1 || tryingDelayMs < 0 || mtuLimitBytes < 200
        || tcpIdleTimeoutMs < 1 || floodRatePerSecond <= 0 || floodBurst < 1 || limits == null
        || answerDelayMs < 0 || trunkFloodRatePerSecond <= 0 || trunkFloodBurst < 1 || tls == null) {
      throw new IllegalArgumentException("bad SIP options: " + t1Ms + "/" + t2Ms + "/" + t4Ms);
    }
  }

  /** Per-trunk flood limits of 2000/s and 4000 at once, no TLS. */
  public SipOptions(long t1Ms, long t2Ms, long t4Ms, long tryingDelayMs, int mtuLimitBytes,
      long tcpIdleTimeoutMs, double floodRatePerSecond, int floodBurst, SipLimits limits, long answerDelayMs) {
    this(t1Ms, t2Ms, t4Ms, tryingDelayMs, mtuLimitBytes, tcpIdleTimeoutMs, floodRatePerSecond, floodBurst, limits,
        answerDelayMs, 2000, 4000, SipTls.OFF);
  }

  /** Without an answer delay (the signature before sip.answer-delay-ms existed). */
  public SipOptions(long t1Ms, long t2Ms, long t4Ms, long tryingDelayMs, int mtuLimitBytes,
      long tcpIdleTimeoutMs, double floodRatePerSecond, int floodBurst, SipLimits limits) {
    this(t1Ms, t2Ms, t4Ms, tryingDelayMs, mtuLimitBytes, tcpIdleTimeoutMs, floodRatePerSecond, floodBurst, limits, 0);
  }

  public SipOptions withAnswerDelay(long ms) {
    return new SipOptions(t1Ms, t2Ms, t4Ms, tryingDelayMs, mtuLimitBytes, tcpIdleTimeoutMs, floodRatePerSecond,
        floodBurst, limits, ms, trunkFloodRatePerSecond, trunkFloodBurst, tls);
  }

  public SipOptions withTrunkFlood(double rate, int burst) {
    return new SipOptions(t1Ms, t2Ms, t4Ms, tryingDelayMs, mtuLimitBytes, tcpIdleTimeoutMs, floodRatePerSecond,
        floodBurst, limits, answerDelayMs, rate, burst, tls);
  }

  public SipOptions withTls(SipTls tls) {
    return new SipOptions(t1Ms, t2Ms, t4Ms, tryingDelayMs, mtuLimitBytes, tcpIdleTimeoutMs, floodRatePerSecond,
        floodBurst, limits, answerDelayMs, trunkFloodRatePerSecond, trunkFloodBurst, tls);
  }

  /** 64*T1: Timers B, F, H and J (32 s by default). */
  public long timeoutMs() {
    return 64 * t1Ms;
  }

  public SipOptions withTimers(long t1, long t2, long t4) {
    return new SipOptions(t1, t2, t4, tryingDelayMs, mtuLimitBytes, tcpIdleTimeoutMs, floodRatePerSecond,
        floodBurst, limits, answerDelayMs, trunkFloodRatePerSecond, trunkFloodBurst, tls);
  }

  public SipOptions withFlood(double rate, int burst) {
    return new SipOptions(t1Ms, t2Ms, t4Ms, tryingDelayMs, mtuLimitBytes, tcpIdleTimeoutMs, rate, burst, limits,
        answerDelayMs, trunkFloodRatePerSecond, trunkFloodBurst, tls);
  }

  public SipOptions withTryingDelay(long ms) {
    return new SipOptions(t1Ms, t2Ms, t4Ms, ms, mtuLimitBytes, tcpIdleTimeoutMs, floodRatePerSecond, floodBurst,
        limits, answerDelayMs, trunkFloodRatePerSecond, trunkFloodBurst, tls);
  }

  public SipOptions withTcpIdleTimeout(long ms) {
    return new SipOptions(t1Ms, t2Ms, t4Ms, tryingDelayMs, mtuLimitBytes, ms, floodRatePerSecond, floodBurst,
        limits, answerDelayMs, trunkFloodRatePerSecond, trunkFloodBurst, tls);
  }
}
