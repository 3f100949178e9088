package io.switchboard.webrtc;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few STUN messages an ICE controlling agent with one host candidate needs (RFC 8489, RFC 8445 section 7):
 * Binding requests with USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY and FINGERPRINT, and
 * Binding success responses with XOR-MAPPED-ADDRESS. Test code: the peer answers ice4j's checks by hand so that
 * a thousand peers share one receive thread. Stateless.
 */
final class Stun {
  static final int BINDING_REQUEST = 0x0001;
  static final int BINDING_SUCCESS = 0x0101;
  private static final int COOKIE = 0x2112A442;
  private static final int USERNAME = 0x0006;
  private static final int MESSAGE_INTEGRITY = 0x0008;
  private static final int XOR_MAPPED_ADDRESS = 0x0020;
  private static final int PRIORITY = 0x0024;
  private static final int USE_CANDIDATE = 0x0025;
  private static final int FINGERPRINT = 0x8028;
  private static final int ICE_CONTROLLING = 0x802A;

  private Stun() {}

  /** STUN packets start with two zero bits and carry the magic cookie (RFC 7983). */
  static boolean isStun(byte[] d, int len) {
    return len >= 20 && (d[0] & 0xc0) == 0
        && (((d[4] & 0xff) << 24) | ((d[5] & 0xff) << 16) | ((d[6] & 0xff) << 8) | (d[7] & 0xff)) == COOKIE;
  }

  static int type(byte[] d) {
    return ((d[0] & 0xff) << 8) | (d[1] & 0xff);
  }

  static byte[] transactionId(byte[] d) {
    byte[] id = new byte[12];
    System.arraycopy(d, 8, id, 0, 12);
    return id;
  }

  static byte[] request(byte[] txId, String username, String remotePwd, long tieBreaker, long priority) {
    ByteBuffer b = header(BINDING_REQUEST, txId);
    attribute(b, USERNAME, username.getBytes(StandardCharsets.UTF_8));
    attribute(b, PRIORITY, ByteBuffer.allocate(4).putInt((int) priority).array());
    attribute(b, ICE_CONTROLLING, ByteBuffer.allocate(8).putLong(tieBreaker).array());
    attribute(b, USE_CANDIDATE, new byte[0]);
    return finish(b, remotePwd);
  }

  static byte[] success(byte[] txId, InetSocketAddress mapped, String localPwd) {
    ByteBuffer b = header(BINDING_SUCCESS, txId);
    byte[] ip = mapped.getAddress().getAddress();
    ByteBuffer v = ByteBuffer.allocate(4 + ip.length);
    v.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2)).putShort((short) (mapped.getPort() ^ (COOKIE >>> 16)));
    byte[] mask = ByteBuffer.allocate(16).putInt(COOKIE).put(txId).array();
    for (int i = 0; i < ip.length; i++) {
      v.put((byte) (ip[i] ^ mask[i]));
    }
    attribute(b, XOR_MAPPED_ADDRESS, v.array());
    return finish(b, localPwd);
  }

  private static ByteBuffer header(int type, byte[] txId) {
    ByteBuffer b = ByteBuffer.allocate(512);
    b.putShort((short) type).putShort((short) 0).putInt(COOKIE).put(txId);
    return b;
  }

  private static void attribute(ByteBuffer b, int type, byte[] value) {
    b.putShort((short) type).putShort((short) value.length).put(value);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  /** Adds MESSAGE-INTEGRITY (HMAC-SHA1 keyed by the password) and FINGERPRINT; lengths as RFC 8489 14.5/14.7. */
  private static byte[] finish(ByteBuffer b, String pwd) {
    try {
      int miStart = b.position();
      b.putShort(2, (short) (miStart - 20 + 24));
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(pwd.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      mac.update(b.array(), 0, miStart);
      attribute(b, MESSAGE_INTEGRITY, mac.doFinal());
      int fpStart = b.position();
      b.putShort(2, (short) (fpStart - 20 + 8));
      CRC32 crc = new CRC32();
      crc.update(b.array(), 0, fpStart);
      attribute(b, FINGERPRINT, ByteBuffer.allocate(4).putInt((int) crc.getValue() ^ 0x5354554e).array());
      byte[] out = new byte[b.position()];
      System.arraycopy(b.array(), 0, out, 0, out.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
