package io.switchboard.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The RFC 4475 torture messages, byte-exact, from src/test/resources/sip/rfc4475. */
final class Rfc4475 {
  private Rfc4475() {}

  static byte[] bytes(String name) {
    try (InputStream in = Rfc4475.class.getResourceAsStream("/sip/rfc4475/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no torture message " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] message(String name) {
    return bytes(name + ".dat");
  }

  static SipMessage parse(String name) throws SipParseException {
    return new SipParser().parse(message(name));
  }

  static SipRequest request(String name) throws SipParseException {
    return (SipRequest) parse(name);
  }
}
