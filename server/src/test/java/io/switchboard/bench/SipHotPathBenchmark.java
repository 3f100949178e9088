package io.switchboard.bench;

import io.switchboard.media.audio.G711;
import io.switchboard.sip.SipMessage;
import io.switchboard.sip.SipParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * Two per-call costs of {@link SipCallsBenchmark} measured alone, in this thread's CPU time, so that two builds can be
 * compared on a machine too busy for the end-to-end figure: parsing sipp's INVITE and reading its top Via, From, To,
 * CSeq, Call-ID and Contact four times (as the transport, transactions and call control do), and G.711 µ-law encoding
 * of one 20 ms frame (every music packet). Prints six rounds; the last ones are the warm figures.
 *
 * <p>Run with the classes to measure on the class path: {@code java -cp
 * server/target/test-classes:<classes>:$(cat server/target/bench.cp) io.switchboard.bench.SipHotPathBenchmark}.
 */
public final class SipHotPathBenchmark {
  /** What sipp's music-then-bye.xml sends, filled in. */
  static final String INVITE = "INVITE sip:+15550100@127.0.0.1:5060 SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 127.0.0.1:27480;branch=z9hG4bK-13697-80-0\r\n"
      + "From: \"sipp\" <sip:+15557650000@127.0.0.1:27480>;tag=13697SIPpTag0080\r\n"
      + "To: <sip:+15550100@127.0.0.1:5060>\r\n"
      + "Call-ID: 80-13697@127.0.0.1\r\n"
      + "CSeq: 1 INVITE\r\n"
      + "Contact: <sip:sipp@127.0.0.1:27480>\r\n"
      + "Max-Forwards: 70\r\n"
      + "Content-Type: application/sdp\r\n"
      + "Content-Length: 146\r\n\r\n"
      + "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      + "m=audio 6000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
      + "a=fmtp:101 0-15\r\n";

  private SipHotPathBenchmark() {}

  public static void main(String[] args) throws Exception {
    byte[] bytes = INVITE.getBytes(StandardCharsets.US_ASCII);
    SipParser parser = new SipParser();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    short[] pcm = new short[160];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (Math.sin(i / 3.0) * 12000);
    }
    byte[] out = new byte[160];
    long sink = 0;
    for (int round = 1; round <= 6; round++) {
      int messages = 50_000;
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < messages; i++) {
        sink += reads(parser.parse(bytes));
      }
      long parseNs = (mx.getCurrentThreadCpuTime() - t0) / messages;
      int frames = 1_000_000;
      t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < frames; i++) {
        pcm[i % pcm.length] ^= 1; // a different frame each time, as music is
        G711.encodeUlaw(pcm, out);
        sink += out[i % out.length];
      }
      long encodeNs = (mx.getCurrentThreadCpuTime() - t0) / frames;
      System.out.printf("round %d: parse INVITE + 4 typed reads %,d ns; µ-law encode of a 160-sample frame %,d ns%n",
          round, parseNs, encodeNs);
    }
    System.out.println(sink == 42 ? "!" : ""); // keeps the work from being optimised away
  }

  private static long reads(SipMessage m) {
    long n = 0;
    for (int k = 0; k < 4; k++) {
      n += m.topVia().branch().map(String::length).orElse(0) + m.from().tag().map(String::length).orElse(0)
          + m.to().tag().map(String::length).orElse(0) + m.cseq().number() + m.callId().length()
          + (m.headers().contains("Contact") ? 1 : 0);
    }
    return n;
  }
}
