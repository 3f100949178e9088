package io.switchboard.media.sdp;

import io.switchboard.media.sdp.MediaDescription.RtpMap;
import io.switchboard.media.sdp.SdpException.Kind;

/**
 * The offerer's side of RFC 3264 for the calls we originate: {@link #offer} writes one audio stream with PCMU, PCMA
 * (in that order of preference) and telephone-event; {@link #applyAnswer} checks the trunk's answer against it
 * (RFC 3264 6/7: same number of m= lines, the stream accepted with a port, formats only from our offer) and gives
 * what the RTP session needs. Stateless and thread-safe.
 */
public final class SdpOfferer {
  /** Our telephone-event payload type in offers (dynamic range; the answer echoes it, RFC 3264 6.1). */
  public static final int TELEPHONE_EVENT_PT = 101;

  private SdpOfferer() {}

  /**
   * Our offer: one {@code m=audio} on {@code localPort}, sendrecv, 20 ms packets.
   *
   * @param localAddress our advertised media address (IPv4 or IPv6 literal)
   * @param sessionId o= session id; bump {@code version} when the session is modified
   */
  public static String offer(String localAddress, int localPort, long sessionId, long version) {
    String addrType = localAddress.indexOf(':') >= 0 ? "IP6" : "IP4";
    return "v=0\r\n"
        + "o=switchboard " + sessionId + " " + version + " IN " + addrType + " " + localAddress + "\r\n"
        + "s=switchboard\r\n"
        + "c=IN " + addrType + " " + localAddress + "\r\n"
        + "t=0 0\r\n"
        + "m=audio " + localPort + " RTP/AVP 0 8 " + TELEPHONE_EVENT_PT + "\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:" + TELEPHONE_EVENT_PT + " telephone-event/8000\r\n"
        + "a=fmtp:" + TELEPHONE_EVENT_PT + " " + SdpNegotiator.DTMF_EVENTS + "\r\n"
        + "a=ptime:20\r\n"
        + "a=sendrecv\r\n";
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
    return new NegotiatedAudio(codec, pt, te, remote, audio.port(), rtcpPort, false, ours, offerSdp);
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
