package io.switchboard.media.sdp;

/** The audio codecs this node speaks: G.711 only, static payload types of RFC 3551 table 4. */
public enum AudioCodec {
  PCMU(0),
  PCMA(8);

  /** Static RTP payload type (RFC 3551). */
  public final int staticPayloadType;

  AudioCodec(int pt) {
    this.staticPayloadType = pt;
  }

  /** The codec of an rtpmap encoding name at 8 kHz, or null. */
  static AudioCodec byEncoding(String name, int rate) {
    if (rate != 8000) {
      return null;
    }
    for (AudioCodec c : values()) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return null;
  }
}
