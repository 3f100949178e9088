package io.switchboard.media.rtcp;

/** NTP timestamps as used by RTCP (RFC 3550 4): seconds since 1900-01-01 in the high 32 bits, fraction in the low. */
public final class NtpTime {
  /** Seconds between 1900-01-01 (NTP era 0) and 1970-01-01 (Unix epoch). */
  public static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;

  private NtpTime() {}

  public static long fromUnixMillis(long millis) {
    long seconds = Math.floorDiv(millis, 1000) + EPOCH_OFFSET_SECONDS;
    long fraction = ((long) Math.floorMod(millis, 1000L) << 32) / 1000;
    return (seconds << 32) | fraction;
  }

  public static long toUnixMillis(long ntp) {
    long seconds = (ntp >>> 32) - EPOCH_OFFSET_SECONDS;
    long fraction = ((ntp & 0xFFFFFFFFL) * 1000 + (1L << 31)) >>> 32; // rounded
    return seconds * 1000 + fraction;
  }

  /** The middle 32 bits, the "compact" form used by LSR/DLSR in report blocks (RFC 3550 6.4.1). */
  public static long middle32(long ntp) {
    return (ntp >>> 16) & 0xFFFFFFFFL;
  }
}
