package io.switchboard.media.session;

import io.switchboard.media.MediaOptions;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.sdp.NegotiatedAudio;
import java.time.Duration;

/**
 * What one RTP session needs to know, usually from {@link #of(NegotiatedAudio, MediaOptions, String)}.
 *
 * @param codec negotiated codec
 * @param payloadType its PT
 * @param telephoneEventPt telephone-event PT or -1
 * @param sdpRtp remote RTP address from the SDP (target until latched; the expected source)
 * @param sdpRtcp remote RTCP address from the SDP
 * @param rtcpMux RTP and RTCP on one port
 * @param direction our direction: we send media only if it {@link Direction#sends()}
 * @param sources which sources RTP is accepted from, see {@link RtpSourceFilter}
 * @param rtcpInterval mean interval of our sender reports
 * @param cname our RTCP CNAME (RFC 3550 6.5.1), e.g. a random id per session
 */
public record SessionParams(
    AudioCodec codec,
    int payloadType,
    int telephoneEventPt,
    Peer sdpRtp,
    Peer sdpRtcp,
    boolean rtcpMux,
    Direction direction,
    SourcePolicy sources,
    Duration rtcpInterval,
    String cname) {

  public static SessionParams of(NegotiatedAudio n, MediaOptions o, String cname) {
    return new SessionParams(n.codec(), n.payloadType(), n.telephoneEventPayloadType(),
        new Peer(n.remoteAddress(), n.remoteRtpPort()), new Peer(n.remoteAddress(), n.remoteRtcpPort()), n.rtcpMux(),
        n.direction(), o.rtpSources(), o.rtcpInterval(), cname);
  }
}
