package io.switchboard.webrtc;

/**
 * Classifies a non-STUN datagram on the ICE socket (RFC 7983 section 7): first byte 20..63 is DTLS, 128..191 is
 * RTP or RTCP, and for those a second byte (marker + payload type) of 192..223 is RTCP (RFC 5761 section 4).
 * Stateless.
 */
enum Demux {
  DTLS, RTP, RTCP, OTHER;

  static Demux of(byte[] data, int off, int len) {
    if (len < 1) {
      return OTHER;
    }
    int first = data[off] & 0xff;
    if (first >= 20 && first <= 63) {
      return DTLS;
    }
    if (first >= 128 && first <= 191 && len >= 12) {
      int second = data[off + 1] & 0xff;
      return second >= 192 && second <= 223 ? RTCP : RTP;
    }
    return OTHER;
  }
}
