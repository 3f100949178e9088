package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipStreamFramerTest {
  private final SipParser parser = new SipParser();

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<byte[]> messages(List<SipStreamFramer.Frame> frames) {
    List<byte[]> out = new ArrayList<>();
    for (SipStreamFramer.Frame f : frames) {
      if (f instanceof SipStreamFramer.Message m) {
        out.add(m.bytes());
      }
    }
    return out;
  }

  @Test
  void cutsBackToBackMessagesEvenFedOneByteAtATime() throws Exception {
    byte[] a = SipSerializer.serialize(Rfc4475.parse("wsinv"));
    byte[] b = SipSerializer.serialize(Rfc4475.parse("mpart01")); // a binary body with CRLFs and NULs inside
    byte[] c = SipSerializer.serialize(Rfc4475.parse("noreason"));
    byte[] stream = concat(a, b, c);
    SipStreamFramer framer = new SipStreamFramer(parser);
    List<SipStreamFramer.Frame> frames = new ArrayList<>();
    for (byte x : stream) {
      frames.addAll(framer.feed(new byte[] {x}));
    }
    assertThat(messages(frames)).containsExactly(a, b, c);
    assertThat(framer.buffered()).isZero();
    assertThat(parser.parse(messages(frames).get(1))).isEqualTo(Rfc4475.parse("mpart01"));
  }

  @Test
  void cutsManyMessagesFromOneRead() throws Exception {
    byte[] a = Rfc4475.message("lwsdisp"); // l: 0, compact form
    byte[] b = Rfc4475.message("esc01");
    SipStreamFramer framer = new SipStreamFramer(parser);
    List<SipStreamFramer.Frame> frames = framer.feed(concat(a, b, a, ascii("OPTIONS sip:x")));
    assertThat(messages(frames)).containsExactly(a, b, a);
    assertThat(framer.buffered()).isEqualTo("OPTIONS sip:x".length());
  }

  @Test
  void wsinvsFoldedContentLengthStillFrames() throws Exception {
    byte[] w = Rfc4475.message("wsinv"); // "Content-Length   : 150"
    assertThat(messages(new SipStreamFramer(parser).feed(w))).containsExactly(w);
  }

  @Test
  void crlfBetweenMessagesIsSkippedAndDoubleCrlfIsAKeepAlive() throws Exception {
    byte[] a = Rfc4475.message("lwsdisp");
    SipStreamFramer framer = new SipStreamFramer(parser);
    List<SipStreamFramer.Frame> frames = new ArrayList<>(framer.feed(ascii("\r\n\r\n")));
    frames.addAll(framer.feed(ascii("\r")));
    frames.addAll(framer.feed(ascii("\n")));
    frames.addAll(framer.feed(concat(ascii("\r\n"), a, ascii("\r\n"))));
    assertThat(frames).hasSize(3);
    assertThat(frames.get(0)).isInstanceOf(SipStreamFramer.KeepAlive.class);
    assertThat(frames.get(1)).isInstanceOf(SipStreamFramer.KeepAlive.class);
    assertThat(((SipStreamFramer.Message) frames.get(2)).bytes()).isEqualTo(a);
    assertThat(framer.feed(ascii("\r\n"))).as("with the CRLF after the message: a ping").hasSize(1);
    assertThat(new SipStreamFramer(parser).feed(ascii("\r\n"))).as("a lone CRLF is a pong").isEmpty();
  }

  @Test
  void aStreamMessageNeedsAContentLength() {
    byte[] noLength = Msg.options();
    SipStreamFramer framer = new SipStreamFramer(parser);
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> framer.feed(noLength));
    assertThat(e.getMessage()).isEqualTo("Missing Content-Length header");
    assertThat(e.respondable()).as("the head was readable: answer 400, then close").isTrue();
    assertThatThrownBy(() -> framer.feed(ascii("x"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void conflictingOrNegativeLengthsCannotBeFramed() {
    SipParseException mcl = catchThrowableOfType(SipParseException.class,
        () -> new SipStreamFramer(parser).feed(Rfc4475.message("mcl01")));
    assertThat(mcl.getMessage()).isEqualTo("Multiple Content-Length headers");
    assertThat(mcl.respondable()).isTrue();
    SipParseException ncl = catchThrowableOfType(SipParseException.class,
        () -> new SipStreamFramer(parser).feed(Rfc4475.message("ncl")));
    assertThat(ncl.getMessage()).isEqualTo("Bad Content-Length header");
  }

  @Test
  void oversizeIsRefusedBeforeBuffering() {
    SipParser small = new SipParser(new SipLimits(300, 64));
    SipParseException head = catchThrowableOfType(SipParseException.class,
        () -> new SipStreamFramer(small).feed(ascii("INVITE sip:a@b SIP/2.0\r\nX: " + "a".repeat(400))));
    assertThat(head.status()).isEqualTo(513);
    assertThat(head.respondable()).isFalse();
    SipParseException body = catchThrowableOfType(SipParseException.class,
        () -> new SipStreamFramer(small).feed(Msg.options("Content-Length: 100000")));
    assertThat(body.status()).isEqualTo(513);
    assertThat(body.getMessage()).isEqualTo("Message Too Large");
    assertThat(body.respondable()).isTrue();
  }
}
