package io.switchboard.media.sdp;

/**
 * The SDES crypto suites this node speaks (RFC 4568 6.2): AES counter mode with a 128-bit key and HMAC-SHA1, the
 * two that every SIP device with SRTP supports. Both use a 16-byte master key and a 14-byte master salt (30 bytes
 * inline); they differ only in the SRTP authentication tag. SRTCP always uses the 80-bit tag (RFC 4568 6.2.2).
 */
public enum SrtpSuite {
  AES_CM_128_HMAC_SHA1_80(10),
  AES_CM_128_HMAC_SHA1_32(4);

  /** Master key length in bytes. */
  public static final int KEY_LENGTH = 16;
  /** Master salt length in bytes. */
  public static final int SALT_LENGTH = 14;
  /** SRTCP authentication tag length in bytes, for both suites. */
  public static final int RTCP_TAG_LENGTH = 10;

  /** SRTP authentication tag length in bytes. */
  public final int rtpTagLength;

  SrtpSuite(int rtpTagLength) {
    this.rtpTagLength = rtpTagLength;
  }

  /** The suite named exactly {@code name} (names are case-sensitive in RFC 4568 9.1), or null. */
  static SrtpSuite byName(String name) {
    for (SrtpSuite s : values()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
