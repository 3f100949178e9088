package io.switchboard.media.rtp;

/** A datagram that is not a valid RTP/RTCP packet; {@link #reason} is a stable label usable as a metric tag. */
public final class RtpFormatException extends Exception {
  private final String reason;

  public RtpFormatException(String reason, String message) {
    super(reason + ": " + message, null, false, false); // no stack trace: bad packets are routine, not bugs
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
