package io.switchboard.media.sdp;

import io.switchboard.media.sdp.MediaDescription.RtpMap;
import io.switchboard.media.sdp.SdpException.Kind;

/**
 * The offerer's side of RFC 3264 for the calls we originate: {@link #offer} writes one audio stream with PCMU, PCMA
 * (in that order of preference) and telephone-event, over RTP/AVP or, for trunks that ask for it, RTP/SAVP with
 * SDES keys (RFC 4568); {@link #applyAnswer} checks the trunk's answer against it
 * (RFC 3264 6/7: same number of m= lines, the stream accepted with a port, formats only from our offer) and gives
 * what the RTP session needs. Stateless and thread-safe.
 */
public final class SdpOfferer {
  /** Our telephone-event payload type in offers (dynamic range; the answer echoes it, RFC 3264 6.1). */
  public static final int TELEPHONE_EVENT_PT = 101;

  private SdpOfferer() {}

  /**
   * Our offer: one {@code m=audio} on {@code localPort}, sendrecv, 20 ms packets, plain RTP.
   *
   * @param localAddress our advertised media address (IPv4 or IPv6 literal)
   * @param sessionId o= session id; bump {@code version} when the session is modified
   */
  public static String offer(String localAddress, int localPort, long sessionId, long version) {
    return offer(localAddress, localPort, sessionId, version, false);
  }

  /**
   * Our offer; with {@code srtp} the profile is RTP/SAVP with one a=crypto line per {@link SrtpSuite}, each with a
   * fresh key (RFC 4568 5.1.1; AES_CM_128_HMAC_SHA1_80 first, tag 1, as the RFC recommends). The keys live only in
   * this text: {@link #applyAnswer} reads them back.
   */
  public static String offer(String localAddress, int localPort, long sessionId, long version, boolean srtp) {
    return offer(localAddress, localPort, sessionId, version, srtp, null);
  }

  /**
   * Our offer, as {@link #offer(String, int, long, long, boolean)}, for a new offer within a running SRTP session
   * (RFC 4568 7.1.4 lets the offerer keep its key): the line of {@code keep}'s suite carries {@code keep}'s key and
   * salt (under that line's tag), the other suites fresh keys. {@code keep} null: all fresh.
   */
  public static String offer(String localAddress, int localPort, long sessionId, long version, boolean srtp,
      SdesCrypto keep) {
    String addrType = localAddress.indexOf(':') >= 0 ? "IP6" : "IP4";
    StringBuilder s = new StringBuilder(400).append("v=0\r\n")
        .append("o=switchboard ").append(sessionId).append(' ').append(version).append(" IN ").append(addrType)
        .append(' ').append(localAddress).append("\r\n")
        .append("s=switchboard\r\n")
        .append("c=IN ").append(addrType).append(' ').append(localAddress).append("\r\n")
        .append("t=0 0\r\n")
        .append("m=audio ").append(localPort).append(srtp ? " RTP/SAVP" : " RTP/AVP").append(" 0 8 ")
        .append(TELEPHONE_EVENT_PT).append("\r\n")
        .append("a=rtpmap:0 PCMU/8000\r\n")
        .append("a=rtpmap:8 PCMA/8000\r\n")
        .append("a=rtpmap:").append(TELEPHONE_EVENT_PT).append(" telephone-event/8000\r\n")
        .append("a=fmtp:").append(TELEPHONE_EVENT_PT).append(' ').append(SdpNegotiator.DTMF_EVENTS).append("\r\n")
        .append("a=ptime:20\r\n");
    if (srtp) {
      SrtpSuite[] suites = SrtpSuite.values();
      for (int i = 0; i < suites.length; i++) {
        SdesCrypto c = keep != null && keep.suite() == suites[i]
            ? new SdesCrypto(i + 1, suites[i], keep.key(), keep.salt()) : SdesCrypto.fresh(i + 1, suites[i]);
        s.append("a=crypto:").append(c.attributeValue()).append("\r\n");
      }
    }
    return s.append("a=sendrecv\r\n").toString();
  }

  /**
   * Applies the answer to {@link #offer}. The codec is the answer's first format that is PCMU or PCMA (the
   * answerer's choice, RFC 3264 6.1); telephone-event is used when the answer keeps it. Our direction is the
   * reverse of the answer's (answer sendonly → we only receive).
   *
   * @param offerSdp our offer, kept as the {@link NegotiatedAudio#answer()} text (the description we sent)
   * @throws SdpException MALFORMED for an answer that does not fit the offer, NOT_ACCEPTABLE when the audio stream
   *     was rejected (port 0) or carries no G.711
   */
  public static NegotiatedAudio applyAnswer(SessionDescription answer, String offerSdp) throws SdpException {
    if (answer.media().size() != 1) {
      throw new SdpException(Kind.MALFORMED, "m", "the answer has " + answer.media().size()
          + " media lines; our offer had 1 (RFC 3264 6)");
    }
    MediaDescription audio = answer.media().get(0);
    if (!audio.type().equals("audio")) {
      throw new SdpException(Kind.MALFORMED, "m", "the answer's media line is " + audio.type() + ", not audio");
    }
    if (audio.port() == 0) {
      throw new SdpException(Kind.NOT_ACCEPTABLE, "m=audio", "the trunk rejected the audio stream (port 0)");
    }
    AudioCodec codec = null;
    int pt = -1;
    for (String f : audio.formats()) {
      int p = Integer.parseInt(f);
      codec = codecOf(audio, p);
      if (codec != null) {
        pt = p;
        break;
      }
    }
    if (codec == null) {
      throw new SdpException(Kind.NOT_ACCEPTABLE, "m=audio", "the answer has neither PCMU nor PCMA");
    }
    int te = -1;
    for (String f : audio.formats()) {
      int p = Integer.parseInt(f);
      RtpMap map = audio.rtpmaps().get(p);
      if (map != null && map.encoding().equalsIgnoreCase("telephone-event") && map.clockRate() == 8000) {
        te = p;
        break;
      }
    }
    Direction answered = audio.direction() != null ? audio.direction()
        : answer.direction() != null ? answer.direction() : Direction.SENDRECV;
    String remote = audio.connection() != null ? audio.connection() : answer.connection();
    Direction ours = remote.equals("0.0.0.0") ? Direction.INACTIVE : answered.answer();
    int rtcpPort = audio.rtcpPort() > 0 ? audio.rtcpPort() : audio.port() + 1;
    SdesKeys keys = keys(audio, offerSdp);
    return new NegotiatedAudio(codec, pt, te, remote, audio.port(), rtcpPort, false, ours, offerSdp, keys);
  }

  /**
   * The SRTP keys when our offer was RTP/SAVP: the answer must be RTP/SAVP with exactly one a=crypto line whose tag
   * and suite are one of ours (RFC 4568 5.1.2), which then pairs our key of that tag with the answerer's. A plain
   * offer takes a plain answer only (we could not decrypt the other).
   */
  private static SdesKeys keys(MediaDescription audio, String offerSdp) throws SdpException {
    MediaDescription ours = SdpParser.parse(offerSdp).media().get(0);
    if (!ours.secure()) {
      if (audio.secure()) {
        throw new SdpException(Kind.NOT_ACCEPTABLE, "m=audio",
            "the answer's profile " + audio.proto() + " is not our offer's " + ours.proto());
      }
      return null;
    }
    if (!audio.secure()) {
      throw new SdpException(Kind.NOT_ACCEPTABLE, "m=audio",
          "the trunk answered our SRTP offer with " + audio.proto() + " (SRTP is required on this trunk)");
    }
    if (audio.cryptos().size() != 1) {
      throw new SdpException(Kind.NOT_ACCEPTABLE, "a=crypto",
          "the answer must carry exactly one a=crypto line, it has " + audio.cryptos().size());
    }
    SdesCrypto theirs = SdesCrypto.parse(audio.cryptos().get(0));
    for (String line : ours.cryptos()) {
      SdesCrypto mine = SdesCrypto.parse(line);
      if (mine.tag() == theirs.tag()) {
        if (mine.suite() != theirs.suite()) {
          throw new SdpException(Kind.NOT_ACCEPTABLE, "a=crypto", "the answer's tag " + theirs.tag()
              + " names " + theirs.suite() + ", our offer " + mine.suite());
        }
        return new SdesKeys(mine, theirs);
      }
    }
    throw new SdpException(Kind.NOT_ACCEPTABLE, "a=crypto", "the answer's tag " + theirs.tag()
        + " is none of our offer's");
  }

  /** PCMU/PCMA by rtpmap when present, else by static payload type; only the payload types we offered. */
  private static AudioCodec codecOf(MediaDescription m, int pt) {
    RtpMap map = m.rtpmaps().get(pt);
    AudioCodec c = null;
    if (map != null) {
      c = map.channels() == 1 ? AudioCodec.byEncoding(map.encoding(), map.clockRate()) : null;
    } else {
      for (AudioCodec a : AudioCodec.values()) {
        if (a.staticPayloadType == pt) {
          c = a;
        }
      }
    }
    return c != null && c.staticPayloadType == pt ? c : null;
  }
}
