package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading sipp's message log back (the format sipp 3.6 writes with -trace_msg): one call per Call-ID however often
 * its INVITE came, its final response the first final one sent to the INVITE (not the 200 to a CANCEL or a BYE).
 */
class PredictivePeersTest {
  private static String entry(String time, String direction, String firstLine, String callId, String cseq) {
    String head = direction.equals("received") ? "UDP message received [300] bytes :" : "UDP message sent (300 bytes):";
    return "----------------------------------------------- 2026-12-08 " + time + "\n" + head + "\n\n" + firstLine
        + "\nVia: SIP/2.0/UDP 127.0.0.1:40589;branch=z9hG4bK1\nCall-ID: " + callId + "\nCSeq: " + cseq
        + "\nContent-Length: 0\n\n";
  }

  @Test
  void callsWithTheirNumberAndFinalResponse() {
    String log = String.join("",
        entry("00:11:45.106692", "received", "INVITE sip:+14152010000@127.0.0.1:31590 SIP/2.0", "a", "1 INVITE"),
        entry("00:11:45.107209", "sent", "SIP/2.0 180 Ringing", "a", "1 INVITE"),
        entry("00:11:45.400580", "received", "INVITE sip:+14152010001@127.0.0.1:31590 SIP/2.0", "b", "1 INVITE"),
        entry("00:11:46.5", "received", "INVITE sip:+14152010002@127.0.0.1:31590 SIP/2.0", "c", "7 INVITE"),
        entry("00:11:46.900000", "received", "INVITE sip:+14152010002@127.0.0.1:31590 SIP/2.0", "c", "7 INVITE"),
        entry("00:11:47.400580", "sent", "SIP/2.0 486 Busy Here", "b", "1 INVITE"),
        entry("00:11:50.000000", "sent", "SIP/2.0 200 OK", "a", "1 INVITE"),
        entry("00:11:50.001000", "received", "ACK sip:callee@127.0.0.1:31590 SIP/2.0", "a", "1 ACK"),
        entry("00:12:31.000000", "received", "CANCEL sip:+14152010002@127.0.0.1:31590 SIP/2.0", "c", "7 CANCEL"),
        entry("00:12:31.000100", "sent", "SIP/2.0 200 OK", "c", "7 CANCEL"),
        entry("00:12:31.000200", "sent", "SIP/2.0 487 Request Terminated", "c", "7 INVITE"),
        entry("00:12:40.000000", "received", "BYE sip:callee@127.0.0.1:31590 SIP/2.0", "a", "2 BYE"),
        entry("00:12:40.000100", "sent", "SIP/2.0 200 OK", "a", "2 BYE"));
    List<PredictivePeers.Call> calls = PredictivePeers.parse(log);
    assertThat(calls).extracting(PredictivePeers.Call::number)
        .containsExactly("+14152010000", "+14152010001", "+14152010002");
    assertThat(calls).extracting(PredictivePeers.Call::finalStatus).containsExactly(200, 486, 487);
    long invited = Instant.parse("2026-12-08T00:11:45.106Z").toEpochMilli();
    assertThat(calls.get(0).invitedAt()).isEqualTo(invited);
    assertThat(calls.get(0).finalAt()).isEqualTo(Instant.parse("2026-12-08T00:11:50Z").toEpochMilli());
    assertThat(calls.get(2).invitedAt()).as("the first INVITE, not its retransmission")
        .isEqualTo(Instant.parse("2026-12-08T00:11:46.500Z").toEpochMilli());
    long t = Instant.parse("2026-12-08T00:11:48Z").toEpochMilli();
    assertThat(calls).filteredOn(c -> c.ringingAt(t)).extracting(PredictivePeers.Call::number)
        .containsExactly("+14152010000", "+14152010002");
  }
}
