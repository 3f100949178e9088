package io.switchboard.media.sdp;

import java.util.List;
import java.util.Map;

/**
 * One m= section of an SDP (RFC 4566 5.14) with the attributes this node uses.
 *
 * @param type media type ("audio", "video", ...)
 * @param port transport port (0: the stream is rejected/disabled)
 * @param proto transport protocol, e.g. "RTP/AVP"
 * @param formats payload types in the offerer's order of preference (RFC 3264 5.1), as written
 * @param connection media-level c= address, or null (then the session-level one applies)
 * @param rtpmaps a=rtpmap by payload type
 * @param fmtps a=fmtp parameters by payload type
 * @param ptime a=ptime in ms, or 0 when absent
 * @param direction media-level direction, or null (then the session level, else sendrecv)
 * @param rtcpPort a=rtcp port (RFC 3605), or 0 when absent (then port + 1)
 * @param rtcpAddress a=rtcp address, or null
 * @param rtcpMux a=rtcp-mux present (RFC 5761)
 * @param cryptos a=crypto values (RFC 4568), as written and in order; parsed by {@link SdesCrypto#parse} when used
 */
public record MediaDescription(
    String type,
    int port,
    String proto,
    List<String> formats,
    String connection,
    Map<Integer, RtpMap> rtpmaps,
    Map<Integer, String> fmtps,
    int ptime,
    Direction direction,
    int rtcpPort,
    String rtcpAddress,
    boolean rtcpMux,
    List<String> cryptos) {

  /**
   * a=rtpmap value (RFC 4566 6).
   *
   * @param encoding encoding name, as written (compare case-insensitively)
   * @param clockRate clock rate in Hz
   * @param channels channels, 1 when absent
   */
  public record RtpMap(String encoding, int clockRate, int channels) {}

  public MediaDescription {
    formats = List.copyOf(formats);
    rtpmaps = Map.copyOf(rtpmaps);
    fmtps = Map.copyOf(fmtps);
    cryptos = List.copyOf(cryptos);
  }

  /** A description without a=crypto lines. */
  public MediaDescription(String type, int port, String proto, List<String> formats, String connection,
      Map<Integer, RtpMap> rtpmaps, Map<Integer, String> fmtps, int ptime, Direction direction, int rtcpPort,
      String rtcpAddress, boolean rtcpMux) {
    this(type, port, proto, formats, connection, rtpmaps, fmtps, ptime, direction, rtcpPort, rtcpAddress, rtcpMux,
        List.of());
  }

  /** RTP/SAVP or RTP/SAVPF: SRTP keyed by a=crypto (RFC 4568 3.1.3). */
  public boolean secure() {
    return proto.equals("RTP/SAVP") || proto.equals("RTP/SAVPF");
  }
}
