package io.switchboard.support;

import io.switchboard.media.audio.G711;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One real SIP caller (sipp, {@code sipp/listen-until-bye.xml}) that listens until the node hangs up: its RTP goes to
 * this helper's socket, which keeps every 20 ms PCMU frame, so a test can count the frames of a known clip it heard.
 */
public final class SippListener {
  private SippListener() {}

  /** What the caller heard: sipp's exit code and log, and the PCMU payloads received. */
  public record Heard(int exit, String log, List<byte[]> frames) {
    /** How many received frames are frames of {@code ulaw} (a clip's 8 kHz µ-law bytes, frame-aligned). */
    public int framesOf(byte[] ulaw) {
      Set<String> clip = frameKeys(ulaw);
      int n = 0;
      for (byte[] f : frames) {
        if (clip.contains(key(f))) {
          n++;
        }
      }
      return n;
    }
  }

  /** Something to do while the call lasts. */
  public interface Step {
    void run() throws Exception;
  }

  /** One call to {@code number} at the node's SIP port; {@code meanwhile} runs while it lasts. */
  public static Heard call(int sipPort, String number, Step meanwhile) throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(SippListener.class.getResource("/sipp/listen-until-bye.xml").toURI());
    Path log = Files.createTempFile("sipp-listen", ".log");
    try (DatagramSocket rtp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      rtp.setSoTimeout(200);
      Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", number,
          "-key", "rtpport", String.valueOf(rtp.getLocalPort()),
          "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
          "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
          "-timeout", "40s", "-timeout_error", "127.0.0.1:" + sipPort)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        List<byte[]> frames = new ArrayList<>();
        Thread reader = new Thread(() -> receive(rtp, p, frames), "sipp-listener-rtp");
        reader.start();
        meanwhile.run();
        if (!p.waitFor(35, TimeUnit.SECONDS)) {
          throw new AssertionError("sipp did not finish within 35 s: " + Files.readString(log));
        }
        reader.join(5000);
        synchronized (frames) {
          return new Heard(p.exitValue(), Files.readString(log), List.copyOf(frames));
        }
      } finally {
        p.destroyForcibly();
        Files.deleteIfExists(log);
      }
    }
  }

  /** PCMU payloads received until sipp exits (and a little after). */
  private static void receive(DatagramSocket rtp, Process p, List<byte[]> frames) {
    byte[] buf = new byte[2048];
    long stopAt = Long.MAX_VALUE;
    while (System.nanoTime() < stopAt) {
      if (!p.isAlive() && stopAt == Long.MAX_VALUE) {
        stopAt = System.nanoTime() + 300_000_000L;
      }
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      try {
        rtp.receive(d);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (Exception e) {
        return;
      }
      int off = 12 + 4 * (buf[0] & 0x0f);
      if ((buf[1] & 0x7f) != 0 || d.getLength() - off != 160) {
        continue;
      }
      byte[] payload = new byte[160];
      System.arraycopy(buf, off, payload, 0, 160);
      synchronized (frames) {
        frames.add(payload);
      }
    }
  }

  /** A clip's 20 ms frames as decoded PCM (µ-law 0x7F and 0xFF both decode to 0, so compare decoded). */
  static Set<String> frameKeys(byte[] ulaw) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 160 <= ulaw.length; i += 160) {
      byte[] f = new byte[160];
      System.arraycopy(ulaw, i, f, 0, 160);
      out.add(key(f));
    }
    return out;
  }

  private static String key(byte[] ulaw) {
    short[] pcm = new short[160];
    G711.decodeUlaw(ulaw, 0, 160, pcm);
    return java.util.Arrays.toString(pcm);
  }
}
