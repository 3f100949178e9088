package io.switchboard.media.sdp;

/**
 * The outcome of an audio offer/answer: what the RTP session needs, plus the answer text.
 *
 * @param codec chosen codec
 * @param payloadType payload type of that codec in this session (the offerer's number, RFC 3264 6.1)
 * @param telephoneEventPayloadType RFC 4733 telephone-event payload type, or -1 when not negotiated
 * @param remoteAddress where the offer says to send RTP (before symmetric latching)
 * @param remoteRtpPort remote RTP port
 * @param remoteRtcpPort remote RTCP port (a=rtcp, else RTP + 1; equal to the RTP port with rtcp-mux)
 * @param rtcpMux RTP and RTCP share one port (RFC 5761)
 * @param direction our direction (the answer's)
 * @param answer the SDP answer to send, CRLF line ends
 * @param srtp SDES keys when the stream is SRTP (RTP/SAVP), null for plain RTP
 */
public record NegotiatedAudio(
    AudioCodec codec,
    int payloadType,
    int telephoneEventPayloadType,
    String remoteAddress,
    int remoteRtpPort,
    int remoteRtcpPort,
    boolean rtcpMux,
    Direction direction,
    String answer,
    SdesKeys srtp) {

  /** Plain RTP. */
  public NegotiatedAudio(AudioCodec codec, int payloadType, int telephoneEventPayloadType, String remoteAddress,
      int remoteRtpPort, int remoteRtcpPort, boolean rtcpMux, Direction direction, String answer) {
    this(codec, payloadType, telephoneEventPayloadType, remoteAddress, remoteRtpPort, remoteRtcpPort, rtcpMux,
        direction, answer, null);
  }
}
