package io.switchboard.webrtc;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP for one DTLS association (RFC 5764 section 4.2): the keying material exported by DTLS is split as
 * clientKey | serverKey | clientSalt | serverSalt; each side encrypts with its own key and decrypts with the
 * other's. Contexts are per SSRC, derived on first use. Thread-safe (jitsi-srtp contexts are synchronized).
 */
final class SrtpSession implements AutoCloseable {
  /** Profiles we accept, in our order of preference. */
  static final int[] PROFILES = {
      SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80};

  private static final org.jitsi.utils.logging2.Logger LOG = new LoggerImpl("io.switchboard.webrtc.srtp");

  private final SrtpContextFactory sender;
  private final SrtpContextFactory receiver;
  private final Map<Integer, SrtpCryptoContext> sendContexts = new ConcurrentHashMap<>();
  private final Map<Integer, SrtpCryptoContext> receiveContexts = new ConcurrentHashMap<>();
  private final Map<Integer, SrtcpCryptoContext> receiveControl = new ConcurrentHashMap<>();
  /**
   * The last context used each way: a leg carries one SSRC per direction, so this skips the map (and the boxing of
   * the SSRC) on nearly every packet. Immutable pairs in volatile fields: any thread may protect or unprotect.
   */
  private volatile Last lastSend;
  private volatile Last lastReceive;

  private record Last(int ssrc, SrtpCryptoContext context) {}

  private SrtpSession(SrtpContextFactory sender, SrtpContextFactory receiver) {
    this.sender = sender;
    this.receiver = receiver;
  }

  /** Bytes of keying material to export for a profile. */
  static int keyingMaterialLength(int profile) {
    return 2 * (16 + saltLength(profile));
  }

  /**
   * @param material {@code exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, keyingMaterialLength(profile))}
   * @param dtlsServer whether we were the DTLS server (then we send with the server key)
   */
  static SrtpSession create(int profile, byte[] material, boolean dtlsServer) {
    int salt = saltLength(profile);
    byte[] clientKey = Arrays.copyOfRange(material, 0, 16);
    byte[] serverKey = Arrays.copyOfRange(material, 16, 32);
    byte[] clientSalt = Arrays.copyOfRange(material, 32, 32 + salt);
    byte[] serverSalt = Arrays.copyOfRange(material, 32 + salt, 32 + 2 * salt);
    SrtpPolicy policy = policy(profile);
    SrtpContextFactory client = new SrtpContextFactory(!dtlsServer, clientKey, clientSalt, policy, policy, LOG);
    SrtpContextFactory server = new SrtpContextFactory(dtlsServer, serverKey, serverSalt, policy, policy, LOG);
    Arrays.fill(material, (byte) 0);
    return dtlsServer ? new SrtpSession(server, client) : new SrtpSession(client, server);
  }

  private static int saltLength(int profile) {
    return switch (profile) {
      case SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM -> 12;
      case SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80 -> 14;
      default -> throw new IllegalArgumentException("unsupported SRTP profile " + profile);
    };
  }

  private static SrtpPolicy policy(int profile) {
    return profile == SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM
        ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
        : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
  }

  /** Protects plain RTP in place (the buffer grows by the tag). */
  SrtpErrorStatus protectRtp(PacketBuffer p) throws GeneralSecurityException {
    int ssrc = ssrc(p);
    Last last = lastSend;
    if (last == null || last.ssrc != ssrc) {
      last = new Last(ssrc, context(sendContexts, sender, ssrc));
      lastSend = last;
    }
    return last.context.transformPacket(p);
  }

  /** Unprotects SRTP in place. */
  SrtpErrorStatus unprotectRtp(PacketBuffer p) throws GeneralSecurityException {
    int ssrc = ssrc(p);
    Last last = lastReceive;
    if (last == null || last.ssrc != ssrc) {
      last = new Last(ssrc, context(receiveContexts, receiver, ssrc));
      lastReceive = last;
    }
    return last.context.reverseTransformPacket(p, false);
  }

  /** Unprotects SRTCP in place. */
  SrtpErrorStatus unprotectRtcp(PacketBuffer p) throws GeneralSecurityException {
    int ssrc = ssrc(p);
    SrtcpCryptoContext c = receiveControl.get(ssrc);
    if (c == null) {
      c = receiver.deriveControlContext(ssrc);
      receiveControl.put(ssrc, c);
    }
    return c.reverseTransformPacket(p);
  }

  private static SrtpCryptoContext context(Map<Integer, SrtpCryptoContext> map, SrtpContextFactory f, int ssrc)
      throws GeneralSecurityException {
    SrtpCryptoContext c = map.get(ssrc);
    if (c == null) {
      c = f.deriveContext(ssrc, 0);
      SrtpCryptoContext prev = map.putIfAbsent(ssrc, c);
      c = prev != null ? prev : c;
    }
    return c;
  }

  /** RTP: SSRC at bytes 8..11; RTCP: the sender SSRC at bytes 4..7. */
  private static int ssrc(PacketBuffer p) {
    byte[] b = p.getBuffer();
    int o = p.getOffset();
    boolean rtcp = Demux.of(b, o, p.getLength()) == Demux.RTCP;
    int at = o + (rtcp ? 4 : 8);
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  @Override
  public void close() {
    sender.close();
    receiver.close();
    sendContexts.clear();
    receiveContexts.clear();
    receiveControl.clear();
    lastSend = null;
    lastReceive = null;
  }
}
