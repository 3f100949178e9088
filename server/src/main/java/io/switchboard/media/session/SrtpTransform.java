package io.switchboard.media.session;

import io.switchboard.media.sdp.SdesKeys;
import io.switchboard.media.sdp.SrtpSuite;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jitsi.srtp.BaseSrtpCryptoContext;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP (RFC 3711) for one SIP call leg keyed by SDES (RFC 4568): we protect with our key (the one in our
 * SDP) and unprotect with the peer's, using jitsi-srtp. Only an {@link RtpEndpoint} with SRTP negotiated holds one;
 * plain RTP never reaches this class.
 *
 * <p>Contexts are per SSRC (RFC 3711 3.2.3). A receive context is kept only once a packet of its SSRC has passed
 * authentication, and at most {@link #MAX_REMOTE_SSRCS} of them: a stranger spraying packets with made-up SSRCs
 * costs a key derivation each, never memory. A packet that fails authentication or replay checks is dropped and
 * counted ({@code srtp-auth}, {@code srtcp-auth} in {@link MediaCounters#rejected}); one we fail to protect is
 * counted {@code srtp-protect}.
 *
 * <p>Threading: any thread (the media loop receives, the pacer and the bridge's relay send); jitsi-srtp's contexts
 * are synchronized, the maps concurrent. {@link #close} once, after the endpoint stopped using it.
 */
public final class SrtpTransform implements AutoCloseable {
  /** The most a protected packet grows: SRTCP's E flag and index (4 bytes) plus its 10-byte tag (RFC 3711 3.4). */
  public static final int MAX_TRAILER = 4 + SrtpSuite.RTCP_TAG_LENGTH;
  /** Remote streams kept per leg: one in practice, a few across re-INVITEs or a peer's restart. */
  static final int MAX_REMOTE_SSRCS = 4;

  private static final org.jitsi.utils.logging2.Logger LOG = new LoggerImpl("io.switchboard.media.srtp");

  private final SdesKeys keys;
  private final SrtpContextFactory sender;
  private final SrtpContextFactory receiver;
  private final MediaCounters counters;
  private final Map<Integer, SrtpCryptoContext> sendRtp = new ConcurrentHashMap<>();
  private final Map<Integer, SrtcpCryptoContext> sendRtcp = new ConcurrentHashMap<>();
  private final Map<Integer, SrtpCryptoContext> receiveRtp = new ConcurrentHashMap<>();
  private final Map<Integer, SrtcpCryptoContext> receiveRtcp = new ConcurrentHashMap<>();

  private SrtpTransform(SdesKeys keys, SrtpContextFactory sender, SrtpContextFactory receiver,
      MediaCounters counters) {
    this.keys = keys;
    this.sender = sender;
    this.receiver = receiver;
    this.counters = counters;
  }

  public static SrtpTransform of(SdesKeys keys, MediaCounters counters) {
    SrtpPolicy rtp = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, SrtpSuite.KEY_LENGTH,
        SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, keys.suite().rtpTagLength, SrtpSuite.SALT_LENGTH);
    // RFC 4568 6.2.2: SRTCP keeps the 80-bit tag with either suite
    SrtpPolicy rtcp = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, SrtpSuite.KEY_LENGTH,
        SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, SrtpSuite.RTCP_TAG_LENGTH, SrtpSuite.SALT_LENGTH);
    // jitsi-srtp copies the key material into its own arrays
    SrtpContextFactory out = new SrtpContextFactory(true, keys.local().key(), keys.local().salt(), rtp, rtcp, LOG);
    SrtpContextFactory in = new SrtpContextFactory(false, keys.remote().key(), keys.remote().salt(), rtp, rtcp, LOG);
    return new SrtpTransform(keys, out, in, counters);
  }

  /**
   * Protects the RTP packet {@code data[0, len)} into a new buffer (the caller's is left as it was).
   *
   * @return the SRTP packet, or null when it could not be protected (counted)
   */
  public Packet protectRtp(byte[] data, int len) {
    if (len < 12) {
      counters.rejected("srtp-protect");
      return null;
    }
    Packet p = Packet.copyOf(data, len);
    try {
      int ssrc = ssrc(data, 8);
      SrtpCryptoContext c = sendRtp.get(ssrc);
      if (c == null) { // one per SSRC we send (one per leg); only this node picks them
        SrtpCryptoContext derived = sender.deriveContext(ssrc, 0);
        c = java.util.Objects.requireNonNullElse(sendRtp.putIfAbsent(ssrc, derived), derived);
      }
      return ok(c.transformPacket(p), p, "srtp-protect");
    } catch (GeneralSecurityException | RuntimeException e) {
      counters.rejected("srtp-protect");
      return null;
    }
  }

  /** Protects the compound RTCP packet {@code data[0, len)} into a new buffer; null when it cannot (counted). */
  public Packet protectRtcp(byte[] data, int len) {
    if (len < 8) {
      counters.rejected("srtp-protect");
      return null;
    }
    Packet p = Packet.copyOf(data, len);
    try {
      int ssrc = ssrc(data, 4);
      SrtcpCryptoContext c = sendRtcp.get(ssrc);
      if (c == null) {
        SrtcpCryptoContext derived = sender.deriveControlContext(ssrc);
        c = java.util.Objects.requireNonNullElse(sendRtcp.putIfAbsent(ssrc, derived), derived);
      }
      return ok(c.transformPacket(p), p, "srtp-protect");
    } catch (GeneralSecurityException | RuntimeException e) {
      counters.rejected("srtp-protect");
      return null;
    }
  }

  /**
   * Authenticates and decrypts the SRTP packet {@code data[0, len)} in place.
   *
   * @return the plain RTP packet's length, or -1 when it is dropped (counted {@code srtp-auth})
   */
  public int unprotectRtp(byte[] data, int len) {
    if (len < 12 + SrtpSuite.AES_CM_128_HMAC_SHA1_32.rtpTagLength) {
      counters.rejected("srtp-auth");
      return -1;
    }
    int ssrc = ssrc(data, 8);
    Packet p = new Packet(data, len);
    try {
      SrtpCryptoContext c = receiveRtp.get(ssrc);
      boolean fresh = c == null;
      if (fresh) {
        c = receiver.deriveContext(ssrc, 0);
      }
      if (c.reverseTransformPacket(p, false) != SrtpErrorStatus.OK) {
        counters.rejected("srtp-auth");
        return -1;
      }
      if (fresh) {
        keep(receiveRtp, ssrc, c);
      }
      return p.getLength();
    } catch (GeneralSecurityException | RuntimeException e) {
      counters.rejected("srtp-auth");
      return -1;
    }
  }

  /** Authenticates and decrypts the SRTCP packet {@code data[0, len)} in place; its length, or -1 (counted). */
  public int unprotectRtcp(byte[] data, int len) {
    if (len < 8 + MAX_TRAILER) {
      counters.rejected("srtcp-auth");
      return -1;
    }
    int ssrc = ssrc(data, 4);
    Packet p = new Packet(data, len);
    try {
      SrtcpCryptoContext c = receiveRtcp.get(ssrc);
      boolean fresh = c == null;
      if (fresh) {
        c = receiver.deriveControlContext(ssrc);
      }
      if (c.reverseTransformPacket(p) != SrtpErrorStatus.OK) {
        counters.rejected("srtcp-auth");
        return -1;
      }
      if (fresh) {
        keep(receiveRtcp, ssrc, c);
      }
      return p.getLength();
    } catch (GeneralSecurityException | RuntimeException e) {
      counters.rejected("srtcp-auth");
      return -1;
    }
  }

  private <C extends BaseSrtpCryptoContext> void keep(Map<Integer, C> map, int ssrc, C c) {
    if (map.size() >= MAX_REMOTE_SSRCS) {
      map.clear(); // a new stream beyond the bound: the old ones are gone (re-derived if they come back)
    }
    map.putIfAbsent(ssrc, c);
  }

  private Packet ok(SrtpErrorStatus status, Packet p, String reason) {
    if (status != SrtpErrorStatus.OK) {
      counters.rejected(reason);
      return null;
    }
    return p;
  }

  /** RTP: the SSRC at bytes 8..11; RTCP: the sender's SSRC at bytes 4..7. */
  private static int ssrc(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  /** The keys this transform was made with (a re-offer keeps ours when the peer keeps its own). */
  public SdesKeys keys() {
    return keys;
  }

  @Override
  public void close() {
    sender.close();
    receiver.close();
    sendRtp.clear();
    sendRtcp.clear();
    receiveRtp.clear();
    receiveRtcp.clear();
  }

  /**
   * A packet window for jitsi-srtp: {@code buffer()[0, length())}. Protecting appends the trailer within the
   * room {@link #copyOf} leaves; unprotecting shrinks it. Not thread-safe: one packet, one thread.
   */
  public static final class Packet implements org.jitsi.utils.ByteArrayBuffer {
    private byte[] buf;
    private int len;

    Packet(byte[] buf, int len) {
      this.buf = buf;
      this.len = len;
    }

    static Packet copyOf(byte[] data, int len) {
      byte[] b = new byte[len + MAX_TRAILER];
      System.arraycopy(data, 0, b, 0, len);
      return new Packet(b, len);
    }

    public byte[] buffer() {
      return buf;
    }

    public int length() {
      return len;
    }

    @Override
    public byte[] getBuffer() {
      return buf;
    }

    @Override
    public int getOffset() {
      return 0;
    }

    @Override
    public int getLength() {
      return len;
    }

    @Override
    public void setLength(int len) {
      this.len = len;
    }

    @Override
    public void setOffset(int off) {
      if (off != 0) {
        throw new UnsupportedOperationException("offset is always 0");
      }
    }

    @Override
    public boolean isInvalid() {
      return false;
    }

    @Override
    public void readRegionToBuff(int pos, int n, byte[] out) {
      System.arraycopy(buf, pos, out, 0, n);
    }

    @Override
    public void grow(int howMuch) {
      if (len + howMuch > buf.length) {
        buf = java.util.Arrays.copyOf(buf, len + howMuch);
      }
    }

    @Override
    public void append(byte[] data, int n) {
      grow(n);
      System.arraycopy(data, 0, buf, len, n);
      len += n;
    }

    @Override
    public void shrink(int n) {
      len = Math.max(0, len - n);
    }
  }
}
