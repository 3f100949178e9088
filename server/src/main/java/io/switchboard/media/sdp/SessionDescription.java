package io.switchboard.media.sdp;

import java.util.List;

/**
 * A parsed SDP (RFC 4566) reduced to what an audio offer/answer needs.
 *
 * @param originUser o= username
 * @param sessionId o= sess-id
 * @param sessionVersion o= sess-version
 * @param originAddress o= unicast address
 * @param connection session-level c= address, or null
 * @param direction session-level direction attribute, or null
 * @param media m= sections in order
 */
public record SessionDescription(
    String originUser,
    String sessionId,
    String sessionVersion,
    String originAddress,
    String connection,
    Direction direction,
    List<MediaDescription> media) {

  public SessionDescription {
    media = List.copyOf(media);
  }
}
