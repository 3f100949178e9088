package io.switchboard.media.session;

/**
 * Which sources an RTP session accepts media from ({@code media.strict-rtp}, {@code media.rtp-probation-packets});
 * the rule itself is {@link RtpSourceFilter}'s.
 *
 * @param strict true: media only from the SDP address, or from another source after a probation; false: symmetric RTP
 *     follows the source of every valid packet (no protection against a stranger who finds the port)
 * @param probationPackets consecutive in-sequence packets (one SSRC, sequence + 1 each) a source other than the SDP
 *     address must send before it is latched; 1 latches on its first packet
 */
public record SourcePolicy(boolean strict, int probationPackets) {
  public SourcePolicy {
    if (probationPackets < 1 || probationPackets > 1000) {
      throw new IllegalArgumentException("media.rtp-probation-packets: must be 1..1000");
    }
  }
}
