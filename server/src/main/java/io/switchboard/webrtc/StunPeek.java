package io.switchboard.webrtc;

import java.nio.charset.StandardCharsets;

/**
 * Just enough STUN parsing to demultiplex the shared port without decoding (RFC 8489 section 5 header, RFC 8445
 * section 7.2.2 USERNAME "localUfrag:remoteUfrag"). Stateless; the full check (integrity) is ice4j's.
 */
final class StunPeek {
  private static final int HEADER = 20;
  private static final int BINDING_REQUEST = 0x0001;
  private static final int USERNAME = 0x0006;

  private StunPeek() {}

  /** First two bits zero and the magic cookie: a STUN message (RFC 7983: first byte 0..3). */
  static boolean isStun(byte[] d) {
    return d.length >= HEADER && (d[0] & 0xc0) == 0 && (d[4] & 0xff) == 0x21 && (d[5] & 0xff) == 0x12
        && (d[6] & 0xff) == 0xa4 && (d[7] & 0xff) == 0x42;
  }

  /** The local (our) ufrag of a Binding Request's USERNAME, or null when it is not one or has none. */
  static String localUfrag(byte[] d) {
    if (!isStun(d) || u16(d, 0) != BINDING_REQUEST) {
      return null;
    }
    int end = Math.min(d.length, HEADER + u16(d, 2));
    int at = HEADER;
    while (at + 4 <= end) {
      int type = u16(d, at);
      int len = u16(d, at + 2);
      if (at + 4 + len > end) {
        return null;
      }
      if (type == USERNAME) {
        String user = new String(d, at + 4, len, StandardCharsets.UTF_8);
        int colon = user.indexOf(':');
        return colon < 0 ? user : user.substring(0, colon);
      }
      at += 4 + ((len + 3) & ~3);
    }
    return null;
  }

  private static int u16(byte[] d, int at) {
    return ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
  }
}
