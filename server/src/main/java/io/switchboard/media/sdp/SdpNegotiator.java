package io.switchboard.media.sdp;

import io.switchboard.media.sdp.MediaDescription.RtpMap;
import io.switchboard.media.sdp.SdpException.Kind;
import java.util.List;

/**
 * Answers an audio offer (RFC 3264 section 6): the first usable m=audio (RTP/AVP or RTP/AVPF, or their SRTP
 * profiles RTP/SAVP and RTP/SAVPF with an a=crypto line we support, port not 0) is
 * accepted with the first of the offerer's formats that is PCMU or PCMA (the offerer's order is its preference),
 * plus telephone-event/8000 (RFC 4733) when offered; every other m= line is rejected with port 0, keeping the
 * number and order of m= lines as RFC 3264 6 requires. Stateless and thread-safe.
 */
public final class SdpNegotiator {
  /** Events we accept and send: DTMF 0-9, *, #, A-D (RFC 4733 3.2). */
  static final String DTMF_EVENTS = "0-15";

  private SdpNegotiator() {}

  /** {@link #answer(SessionDescription, String, int, long, long, boolean, boolean)} accepting plain RTP. */
  public static NegotiatedAudio answer(SessionDescription offer, String localAddress, int localPort, long sessionId,
      long version, boolean allowRtcpMux) throws SdpException {
    return answer(offer, localAddress, localPort, sessionId, version, allowRtcpMux, false);
  }

  /**
   * An RTP/SAVP(F) stream (RFC 4568) is accepted with the first of its a=crypto lines we support, answered with the
   * same tag and suite and a fresh key of ours; such a stream with no usable line is skipped, and if nothing else
   * is usable the offer is refused (488) with the reason the first line was refused.
   *
   * @param offer the parsed offer
   * @param localAddress our advertised media address (IPv4 or IPv6 literal)
   * @param localPort our RTP port
   * @param sessionId our o= session id (numeric string), kept for the dialog; bump {@code version} on re-answers
   * @param allowRtcpMux answer a=rtcp-mux when offered
   * @param requireSrtp refuse plain RTP/AVP(F) streams (the trunk asks for SRTP)
   */
  public static NegotiatedAudio answer(SessionDescription offer, String localAddress, int localPort, long sessionId,
      long version, boolean allowRtcpMux, boolean requireSrtp) throws SdpException {
    return answer(offer, localAddress, localPort, sessionId, version, allowRtcpMux, requireSrtp, null);
  }

  /**
   * Like the above, for a re-offer within the dialog: {@code keepLocal} (our current SDES key, null for none) is
   * answered again when the chosen crypto line names its suite, so a session refresh does not re-key what we send.
   */
  public static NegotiatedAudio answer(SessionDescription offer, String localAddress, int localPort, long sessionId,
      long version, boolean allowRtcpMux, boolean requireSrtp, SdesCrypto keepLocal) throws SdpException {
    int chosenIndex = -1;
    AudioCodec codec = null;
    int pt = -1;
    SdesCrypto theirs = null;
    String cryptoRefusal = null;
    boolean plainRefused = false;
    for (int i = 0; i < offer.media().size() && chosenIndex < 0; i++) {
      MediaDescription m = offer.media().get(i);
      if (!m.type().equals("audio") || m.port() == 0) {
        continue;
      }
      SdesCrypto crypto = null;
      if (m.secure()) {
        try {
          crypto = firstUsable(m.cryptos());
        } catch (SdpException e) {
          cryptoRefusal = cryptoRefusal != null ? cryptoRefusal : e.reason();
          continue;
        }
      } else if (!(m.proto().equals("RTP/AVP") || m.proto().equals("RTP/AVPF"))) {
        continue;
      } else if (requireSrtp) {
        plainRefused = true;
        continue;
      }
      for (String f : m.formats()) {
        int p = Integer.parseInt(f);
        AudioCodec c = codecOf(m, p);
        if (c != null) {
          chosenIndex = i;
          codec = c;
          pt = p;
          theirs = crypto;
          break;
        }
      }
    }
    if (chosenIndex < 0) {
      if (cryptoRefusal != null) {
        throw new SdpException(Kind.NOT_ACCEPTABLE, "a=crypto", "no usable SRTP key: " + cryptoRefusal);
      }
      if (plainRefused) {
        throw new SdpException(Kind.NOT_ACCEPTABLE, "m=audio",
            "SRTP is required on this trunk: offer RTP/SAVP with a=crypto (RFC 4568)");
      }
      boolean anyAudio = offer.media().stream().anyMatch(m -> m.type().equals("audio") && m.port() != 0);
      throw new SdpException(Kind.NOT_ACCEPTABLE, "m=audio",
          anyAudio ? "no common codec (PCMU or PCMA over RTP/AVP required)" : "no audio stream offered");
    }
    MediaDescription audio = offer.media().get(chosenIndex);
    int te = telephoneEvent(audio);
    Direction offered = audio.direction() != null ? audio.direction()
        : offer.direction() != null ? offer.direction() : Direction.SENDRECV;
    String remote = audio.connection() != null ? audio.connection() : offer.connection();
    if (remote.equals("0.0.0.0")) {
      offered = Direction.INACTIVE; // RFC 3264 8.4: c=0.0.0.0 is the legacy (RFC 2543) way to put a call on hold
    }
    boolean mux = allowRtcpMux && audio.rtcpMux();
    int rtcpPort = mux ? audio.port() : audio.rtcpPort() > 0 ? audio.rtcpPort() : audio.port() + 1;
    Direction ours = offered.answer();
    SdesKeys keys = theirs == null ? null : new SdesKeys(
        keepLocal != null && keepLocal.suite() == theirs.suite()
            ? new SdesCrypto(theirs.tag(), keepLocal.suite(), keepLocal.key(), keepLocal.salt())
            : SdesCrypto.fresh(theirs.tag(), theirs.suite()), theirs);
    String text = render(offer.media(), chosenIndex, localAddress, localPort, sessionId, version, codec, pt, te, ours,
        mux, keys);
    return new NegotiatedAudio(codec, pt, te, remote, audio.port(), rtcpPort, mux, ours, text, keys);
  }

  /**
   * The first a=crypto line we can use (the offerer lists them in its order of preference, RFC 4568 5.1.1).
   *
   * @throws SdpException with the first line's reason when none is usable, or "no a=crypto line"
   */
  static SdesCrypto firstUsable(java.util.List<String> cryptos) throws SdpException {
    SdpException first = null;
    for (String c : cryptos) {
      try {
        return SdesCrypto.parse(c);
      } catch (SdpException e) {
        first = first != null ? first : e;
      }
    }
    throw first != null ? first
        : new SdpException(Kind.NOT_ACCEPTABLE, "a=crypto", "RTP/SAVP offered without an a=crypto line");
  }

  /** PCMU/PCMA by rtpmap when present (a dynamic PT may carry them), else by static payload type (RFC 3551). */
  private static AudioCodec codecOf(MediaDescription m, int pt) {
    RtpMap map = m.rtpmaps().get(pt);
    if (map != null) {
      return map.channels() == 1 ? AudioCodec.byEncoding(map.encoding(), map.clockRate()) : null;
    }
    for (AudioCodec c : AudioCodec.values()) {
      if (c.staticPayloadType == pt) {
        return c;
      }
    }
    return null;
  }

  private static int telephoneEvent(MediaDescription m) {
    for (String f : m.formats()) {
      int p = Integer.parseInt(f);
      RtpMap map = m.rtpmaps().get(p);
      if (map != null && map.encoding().equalsIgnoreCase("telephone-event") && map.clockRate() == 8000) {
        return p;
      }
    }
    return -1;
  }

  private static String render(List<MediaDescription> offered, int chosen, String addr, int port, long sessionId,
      long version, AudioCodec codec, int pt, int te, Direction dir, boolean mux, SdesKeys keys) {
    String addrType = addr.indexOf(':') >= 0 ? "IP6" : "IP4";
    StringBuilder s = new StringBuilder(256);
    s.append("v=0\r\n");
    s.append("o=switchboard ").append(sessionId).append(' ').append(version).append(" IN ").append(addrType)
        .append(' ').append(addr).append("\r\n");
    s.append("s=switchboard\r\n");
    s.append("c=IN ").append(addrType).append(' ').append(addr).append("\r\n");
    s.append("t=0 0\r\n");
    for (int i = 0; i < offered.size(); i++) {
      MediaDescription m = offered.get(i);
      if (i != chosen) {
        s.append("m=").append(m.type()).append(" 0 ").append(m.proto()).append(' ').append(m.formats().get(0))
            .append("\r\n");
        continue;
      }
      s.append("m=audio ").append(port).append(' ').append(m.proto()).append(' ').append(pt);
      if (te >= 0) {
        s.append(' ').append(te);
      }
      s.append("\r\n");
      s.append("a=rtpmap:").append(pt).append(' ').append(codec.name()).append("/8000\r\n");
      if (te >= 0) {
        s.append("a=rtpmap:").append(te).append(" telephone-event/8000\r\n");
        s.append("a=fmtp:").append(te).append(' ').append(DTMF_EVENTS).append("\r\n");
      }
      s.append("a=ptime:20\r\n");
      if (mux) {
        s.append("a=rtcp-mux\r\n");
      }
      if (keys != null) {
        s.append("a=crypto:").append(keys.local().attributeValue()).append("\r\n");
      }
      s.append("a=").append(dir.attribute()).append("\r\n");
    }
    return s.toString();
  }
}
