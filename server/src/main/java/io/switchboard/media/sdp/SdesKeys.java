package io.switchboard.media.sdp;

/**
 * The SRTP keys of one negotiated stream (RFC 4568 6.1): we encrypt what we send with {@code local} (the key in
 * our SDP) and decrypt what we receive with {@code remote} (the key in the peer's). Both name the same suite.
 */
public record SdesKeys(SdesCrypto local, SdesCrypto remote) {
  public SdesKeys {
    if (local.suite() != remote.suite()) {
      throw new IllegalArgumentException("local and remote SDES keys name different suites");
    }
  }

  public SrtpSuite suite() {
    return local.suite();
  }
}
