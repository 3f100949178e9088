package io.switchboard.media.dtmf;

import io.switchboard.media.rtp.RtpFormatException;

/**
 * The RFC 4733 section 2.3 telephone-event payload:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |     event     |E|R| volume    |          duration             |
 * </pre>
 *
 * @param event event code; DTMF 0-9 = digits, 10 = *, 11 = #, 12-15 = A-D (RFC 4733 3.2)
 * @param end E bit: the last packet(s) of the event
 * @param volume power level in -dBm0 (0..63)
 * @param duration duration so far in timestamp units (8 kHz: 160 per 20 ms)
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
  public static final int BYTES = 4;
  private static final String DIGITS = "0123456789*#ABCD";

  public TelephoneEvent {
    if (event < 0 || event > 255 || volume < 0 || volume > 63 || duration < 0 || duration > 0xFFFF) {
      throw new IllegalArgumentException("telephone-event field out of range");
    }
  }

  public static TelephoneEvent parse(byte[] payload) throws RtpFormatException {
    if (payload.length < BYTES) {
      throw new RtpFormatException("bad-length", "telephone-event payload of " + payload.length + " bytes");
    }
    return new TelephoneEvent(payload[0] & 0xFF, (payload[1] & 0x80) != 0, payload[1] & 0x3F,
        ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF));
  }

  public byte[] serialize() {
    return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >>> 8), (byte) duration};
  }

  /** The DTMF character of an event code, or 0 if the event is not DTMF (e.g. a fax tone). */
  public static char digit(int event) {
    return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
  }

  /** The event code of a DTMF character (case-insensitive A-D), or -1. */
  public static int eventOf(char digit) {
    return DIGITS.indexOf(Character.toUpperCase(digit));
  }
}
