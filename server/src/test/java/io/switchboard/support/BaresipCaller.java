package io.switchboard.support;

import io.switchboard.redis.EmbeddedRedis;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * baresip (Debian {@code baresip} 1.0) as an independent SIP caller for the audio tests: headless (no audio
 * device), its microphone a {@code toneHz} sine from a WAV (module aufile), and everything it receives written to
 * a WAV by module sndfile ({@code dump-*-dec.wav}), so the test can check what the caller heard. It logs received
 * RFC 4733 digits ("received event: '5' (end=1)"). Quits by itself after {@code seconds} (hanging up the call).
 */
public final class BaresipCaller implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final Path log;
  private final int sipPort;
  private final int ctrlPort;

  private BaresipCaller(Process process, Path dir, Path log, int sipPort, int ctrlPort) {
    this.process = process;
    this.dir = dir;
    this.log = log;
    this.sipPort = sipPort;
    this.ctrlPort = ctrlPort;
  }

  public static BaresipCaller dial(String number, int sipPort, double toneHz, int seconds) throws IOException {
    return start("sip:" + number + "@127.0.0.1:" + sipPort, null, toneHz, seconds, false);
  }

  /**
   * Like {@link #dial}, with SRTP mandatory (module srtp, {@code mediaenc=srtp-mand}: RTP/SAVP with SDES keys,
   * RFC 4568) and a ctrl_tcp port for {@link #command}.
   */
  public static BaresipCaller dialSrtp(String number, int sipPort, double toneHz, int seconds) throws IOException {
    return start("sip:" + number + "@127.0.0.1:" + sipPort, "srtp-mand", toneHz, seconds, true);
  }

  /**
   * baresip as a carrier's far end: listens on {@link #sipPort()} as {@code user}, answers every call at once
   * with SRTP mandatory (as {@link #dialSrtp}) and plays the tone into it.
   */
  public static BaresipCaller answerSrtp(String user, double toneHz, int seconds) throws IOException {
    return start(null, "srtp-mand", toneHz, seconds, true, user);
  }

  private static BaresipCaller start(String dial, String mediaenc, double toneHz, int seconds, boolean ctrl)
      throws IOException {
    return start(dial, mediaenc, toneHz, seconds, ctrl, "+15557650077");
  }

  private static BaresipCaller start(String dial, String mediaenc, double toneHz, int seconds, boolean ctrl,
      String user) throws IOException {
    Path baresip = Tools.require("baresip");
    Path dir = Files.createTempDirectory("baresip-web");
    Path tone = dir.resolve("tone.wav");
    Files.write(tone, wav8k(toneHz, 60));
    Path dumps = Files.createDirectories(dir.resolve("dumps"));
    int rtp = EmbeddedRedis.freePort();
    int sipPort = sipListenPort();
    int ctrlPort = ctrl ? EmbeddedRedis.freePort() : 0;
    Files.writeString(dir.resolve("config"), String.join("\n",
        "poll_method poll",
        "sip_listen 127.0.0.1:" + sipPort, // baresip 1.0 also binds TLS on the next port
        "sip_transports udp", // newer baresip: UDP only (1.0 ignores it)
        "audio_source aufile," + tone,
        "audio_player aufile,/dev/null",
        "audio_alert aufile,/dev/null",
        "rtp_ports " + rtp + "-" + (rtp + 3),
        "snd_path " + dumps,
        "module_path /usr/lib/baresip/modules",
        "module g711.so",
        "module aufile.so",
        "module sndfile.so",
        mediaenc != null ? "module srtp.so" : "",
        ctrl ? "module ctrl_tcp.so" : "",
        ctrl ? "ctrl_tcp_listen 127.0.0.1:" + ctrlPort : "",
        "module menu.so",
        "module account.so",
        "module_app contact.so", ""));
    String params = ";regint=0;audio_codecs=PCMU" + (mediaenc != null ? ";mediaenc=" + mediaenc : "")
        + (dial == null ? ";answermode=auto" : "");
    Files.writeString(dir.resolve("accounts"), "\"Bea Resip\" <sip:" + user + "@127.0.0.1>" + params + "\n");
    Files.writeString(dir.resolve("contacts"), "");
    Path log = dir.resolve("baresip.log");
    List<String> cmd = new ArrayList<>(List.of(baresip.toString(), "-f", dir.toString(), "-t",
        String.valueOf(seconds)));
    if (dial != null) {
      cmd.addAll(List.of("-e", "/dial " + dial));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new BaresipCaller(p, dir, log, sipPort, ctrlPort);
  }

  /** The port baresip takes SIP on (UDP and TCP, 127.0.0.1). */
  public int sipPort() {
    return sipPort;
  }

  /**
   * Runs a baresip command through module ctrl_tcp (only with {@link #dialSrtp} or {@link #answerSrtp}), e.g.
   * {@code command("sndcode", "5")} to send DTMF digit 5 in the call (RFC 4733). Waits for baresip's reply.
   *
   * @return baresip's JSON reply
   */
  public String command(String command, String params) throws IOException {
    String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t\"}";
    byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), ctrlPort)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write((body.length + ":" + json + ",").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      byte[] buf = new byte[4096];
      int n = s.getInputStream().read(buf);
      return n < 0 ? "" : new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  public boolean waitFor(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** What the caller received (decoded), 16-bit mono samples, and their rate; empty if nothing was written. */
  public Received received() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("dumps"))) {
      Path dec = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav"))
          .max(Comparator.comparingLong(f -> f.toFile().length())).orElse(null);
      if (dec == null) {
        return new Received(new short[0], 8000);
      }
      return Received.parse(Files.readAllBytes(dec));
    }
  }

  public record Received(short[] samples, int rate) {
    /** A RIFF/WAVE of 16-bit PCM; reads to the end of the file (a header not yet finalised is ignored). */
    static Received parse(byte[] wav) {
      ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
      int rate = 8000;
      int pos = 12;
      while (pos + 8 <= wav.length) {
        String id = new String(wav, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
        int size = b.getInt(pos + 4);
        if (id.equals("fmt ")) {
          rate = b.getInt(pos + 12);
        } else if (id.equals("data")) {
          int start = pos + 8;
          short[] s = new short[(wav.length - start) / 2];
          for (int i = 0; i < s.length; i++) {
            s[i] = b.getShort(start + 2 * i);
          }
          return new Received(s, rate);
        }
        pos += 8 + Math.max(0, size);
      }
      return new Received(new short[0], rate);
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(3, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /**
   * A loopback port free for UDP and TCP whose next port is free for TCP too. baresip 1.0 has no way to turn its
   * TCP and TLS transports off: besides UDP and TCP on {@code sip_listen}'s port it binds TLS on the next one, and
   * fails to start when that one is taken (seen in CI: "SIP/TLS transport failed: Address already in use").
   */
  private static int sipListenPort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int p = EmbeddedRedis.freePort();
      if (p < 65535 && freeUdp(p) && freeTcp(p + 1)) {
        return p;
      }
    }
    throw new IllegalStateException("no loopback port with a free neighbour for baresip");
  }

  private static boolean freeTcp(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean freeUdp(int port) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** 16-bit mono 8 kHz WAV of a sine (baresip 1.0's aufile wants the call's rate; ausine only does 48 kHz). */
  static byte[] wav8k(double hz, int seconds) {
    int samples = 8000 * seconds;
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
        .putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(2 * samples);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / 8000.0)));
    }
    return b.array();
  }
}
