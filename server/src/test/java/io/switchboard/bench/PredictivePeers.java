package io.switchboard.bench;

import io.switchboard.support.SippPorts;
import io.switchboard.support.Tools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contacts of {@link PredictiveLiveBenchmark}: one sipp UAS behind the tenant's trunk on 127.0.0.1 that picks,
 * per INVITE, what the called party does (sipp's own sample and test actions): {@code answerPercent} % answer after
 * 2–10 s (uniform) and stay on the line, sending µ-law RTP (a looped WAV, sipp's rtp_stream), until the node hangs
 * up; half the rest are busy (486 after 1–3 s); the others ring until the node's CANCEL. Those ring times are
 * multiplied by {@code ringScale}. sipp writes every message it receives and sends ({@code -trace_msg}); that log is
 * what {@link #calls()} reads back, so what was dialed is counted at the callee, not by the node.
 */
final class PredictivePeers implements AutoCloseable {
  /** One INVITE the peer received: the number dialed, when (epoch ms), its final response and when (0 none). */
  record Call(String number, long invitedAt, int finalStatus, long finalAt) {
    /** Ringing at {@code t} (epoch ms): invited, no final response yet (a CANCEL's 487 is one). */
    boolean ringingAt(long t) {
      return invitedAt <= t && (finalAt == 0 || finalAt > t);
    }
  }

  private final Path dir;
  private final Process process;
  final int port;

  private PredictivePeers(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** Writes the scenario and the WAV into {@code dir} and starts sipp; returns once it listens. */
  static PredictivePeers start(Path dir, int answerPercent, double ringScale) throws Exception {
    Files.writeString(dir.resolve("callees.xml"), scenario(answerPercent, ringScale));
    writeUlawWav(dir.resolve("voice.wav"), 2);
    int port = SippPorts.freeSignalingPort();
    List<String> cmd = List.of(Tools.require("sipp").toString(), "-sf", "callees.xml", "-i", "127.0.0.1",
        "-p", String.valueOf(port), "-mp", String.valueOf(SippPorts.freeMediaPort()), "-nostdin",
        "-trace_msg", "-message_file", "messages.log", "-trace_err", "-error_file", "errors.log",
        "-max_socket", "10000");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sipp.out").toFile()).start();
    PredictivePeers peers = new PredictivePeers(dir, p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!bound(port)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("sipp does not listen on " + port + ": " + peers.out());
      }
      Thread.sleep(50);
    }
    return peers;
  }

  /** Whether a UDP port on 127.0.0.1 is taken (binding it fails). */
  private static boolean bound(int port) {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(port, java.net.InetAddress.getLoopbackAddress())) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  String out() {
    try {
      return Files.readString(dir.resolve("sipp.out"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static final Pattern ENTRY = Pattern.compile(
      "^-{20,} (\\d{4}-\\d\\d-\\d\\d)\\s+(\\d\\d:\\d\\d:\\d\\d\\.\\d+)\\R(UDP message (received|sent)[^\\n]*)\\R\\R?"
          + "([^\\r\\n]*)", Pattern.MULTILINE);
  private static final Pattern CALL_ID = Pattern.compile("(?im)^Call-ID:\\s*(\\S+)");
  private static final Pattern INVITE_TO = Pattern.compile("^INVITE sip:([^@;>]+)@");
  private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");
  private static final Pattern CSEQ_INVITE = Pattern.compile("(?im)^CSeq:\\s*\\d+ INVITE");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  /**
   * Every call the peer received so far, from its message log: the INVITE's number and time, and its first final
   * response sent (200, 486, 487 after a CANCEL). Retransmitted INVITEs are one call. sipp stamps the log in local
   * time: this JVM's zone is assumed to be the machine's (UTC here).
   */
  List<Call> calls() throws IOException {
    return parse(Files.readString(dir.resolve("messages.log")));
  }

  /** The calls of a sipp message log ({@code -trace_msg}), in the order of their first INVITE. */
  static List<Call> parse(String log) {
    Map<String, long[]> invited = new HashMap<>();      // call-id -> {at, status, finalAt}
    Map<String, String> numberOf = new HashMap<>();
    List<String> order = new ArrayList<>();
    Matcher m = ENTRY.matcher(log);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    for (int i = 0; i < spans.size(); i++) {
      int from = spans.get(i)[0];
      int to = i + 1 < spans.size() ? spans.get(i + 1)[0] : log.length();
      String entry = log.substring(from, to);
      Matcher e = ENTRY.matcher(entry);
      if (!e.find()) {
        continue;
      }
      long at = LocalDateTime.parse(e.group(1) + " " + pad(e.group(2)), STAMP).toInstant(ZoneOffset.UTC)
          .toEpochMilli();
      String first = e.group(5).trim();
      Matcher id = CALL_ID.matcher(entry);
      if (!id.find()) {
        continue;
      }
      String callId = id.group(1);
      Matcher inv = INVITE_TO.matcher(first);
      Matcher st = STATUS.matcher(first);
      if ("received".equals(e.group(4)) && inv.find()) {
        if (!invited.containsKey(callId)) {
          invited.put(callId, new long[] {at, 0, 0});
          numberOf.put(callId, inv.group(1));
          order.add(callId);
        }
      } else if ("sent".equals(e.group(4)) && st.find() && CSEQ_INVITE.matcher(entry).find()) {
        int status = Integer.parseInt(st.group(1));
        long[] c = invited.get(callId);
        if (c != null && status >= 200 && c[1] == 0) {
          c[1] = status;
          c[2] = at;
        }
      }
    }
    List<Call> out = new ArrayList<>();
    for (String id : order) {
      long[] c = invited.get(id);
      out.add(new Call(numberOf.get(id), c[0], (int) c[1], c[2]));
    }
    return out;
  }

  private static String pad(String time) {
    int dot = time.indexOf('.');
    String frac = (time.substring(dot + 1) + "000000").substring(0, 6);
    return time.substring(0, dot + 1) + frac;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
    }
  }

  /** {@code seconds} of a 440 Hz tone as an 8 kHz mono µ-law WAV (format 7), what sipp's rtp_stream plays. */
  static void writeUlawWav(Path file, int seconds) throws IOException {
    int n = 8000 * seconds;
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = io.switchboard.media.audio.G711.linearToUlaw((int) (4000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
    }
    ByteBuffer h = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes()).putInt(38 + n).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(18)
        .putShort((short) 7).putShort((short) 1).putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8)
        .putShort((short) 0).put("data".getBytes()).putInt(n);
    try (OutputStream o = Files.newOutputStream(file)) {
      o.write(h.array());
      o.write(data);
    }
  }

  /** The scenario: one INVITE, the behaviour drawn per call, times in ms multiplied by {@code ringScale}. */
  static String scenario(int answerPercent, double ringScale) {
    int busyBelow = answerPercent + (100 - answerPercent) / 2;
    return """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="predictive callees">
          <recv request="INVITE" crlf="true">
            <action>
              <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="invite_cseq"/>
              <sample assign_to="draw" distribution="uniform" min="0" max="100"/>
              <test assign_to="answers" variable="draw" compare="less_than" value="%d"/>
              <test assign_to="busy" variable="draw" compare="less_than" value="%d"/>
            </action>
          </recv>
          <send>
            <![CDATA[
              SIP/2.0 180 Ringing
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:callee@[local_ip]:[local_port]>
              Content-Length: 0
            ]]>
          </send>
          <nop next="answer" test="answers"/>
          <nop next="busy" test="busy"/>
          <recv request="CANCEL"/>
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0
            ]]>
          </send>
          <send>
            <![CDATA[
              SIP/2.0 487 Request Terminated
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              CSeq: [$invite_cseq] INVITE
              Content-Length: 0
            ]]>
          </send>
          <recv request="ACK" next="end"/>
          <label id="busy"/>
          <pause distribution="uniform" min="%d" max="%d"/>
          <send>
            <![CDATA[
              SIP/2.0 486 Busy Here
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              CSeq: [$invite_cseq] INVITE
              Content-Length: 0
            ]]>
          </send>
          <recv request="ACK" next="end"/>
          <label id="answer"/>
          <pause distribution="uniform" min="%d" max="%d"/>
          <send retrans="500">
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              CSeq: [$invite_cseq] INVITE
              Contact: <sip:callee@[local_ip]:[local_port]>
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=callee 1 1 IN IP4 127.0.0.1
              s=-
              c=IN IP4 127.0.0.1
              t=0 0
              m=audio [rtpstream_audio_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
              a=sendrecv
            ]]>
          </send>
          <recv request="ACK" crlf="true">
            <action>
              <exec rtp_stream="voice.wav,-1,0"/>
            </action>
          </recv>
          <recv request="BYE">
            <action>
              <exec rtp_stream="pause"/>
            </action>
          </recv>
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0
            ]]>
          </send>
          <label id="end"/>
        </scenario>
        """.formatted(answerPercent, busyBelow, scaled(1000, ringScale), scaled(3000, ringScale),
        scaled(2000, ringScale), scaled(10000, ringScale));
  }

  private static long scaled(long ms, double scale) {
    return Math.round(ms * scale);
  }
}
