package io.switchboard.webrtc;

import io.switchboard.media.sdp.SdpException;
import io.switchboard.media.sdp.SdpException.Kind;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What we take from a browser's SDP offer, checked strictly (JSEP, RFC 8829): the first audio m= section, which
 * must be UDP/TLS/RTP/SAVPF with PCMU, ICE credentials, a sha-256 fingerprint, setup actpass/active, rtcp-mux and
 * a mid. Session-level ice-ufrag/ice-pwd/fingerprint/setup apply when the media level has none. Anything else is
 * refused with an {@link SdpException} whose field names the SDP line ({@code a=fingerprint}, {@code m=audio}, ...).
 * Immutable.
 *
 * @param iceUfrag browser's ICE username fragment
 * @param icePwd browser's ICE password (a secret: never log it)
 * @param fingerprint browser's certificate SHA-256, upper-case hex with ':'
 * @param setup {@code actpass} or {@code active}
 * @param mid the audio section's mid (echoed in BUNDLE)
 * @param telephoneEventPt the offer's telephone-event/8000 payload type, or -1
 */
public record WebRtcOffer(
    String iceUfrag, String icePwd, String fingerprint, String setup, String mid, int telephoneEventPt) {

  /** Offers are small; a larger body is refused before parsing. */
  public static final int MAX_BYTES = 16 * 1024;

  private static final Pattern ICE_CHARS = Pattern.compile("[A-Za-z0-9+/]+");
  private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}");
  private static final Pattern MID = Pattern.compile("[!-~]{1,32}");

  public static WebRtcOffer parse(String sdp) throws SdpException {
    if (sdp == null || sdp.isBlank()) {
      throw bad("sdp", "empty offer");
    }
    if (sdp.length() > MAX_BYTES) {
      throw bad("sdp", "offer larger than " + MAX_BYTES + " bytes");
    }
    String[] lines = sdp.split("\r?\n");
    if (!lines[0].trim().equals("v=0")) {
      throw bad("v", "first line must be v=0");
    }
    Scan session = new Scan();
    Scan audio = null;
    Scan current = session;
    boolean inFirstAudio = false;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) {
        continue;
      }
      if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
        throw bad("line " + (i + 1), "not of the form <letter>=<value>");
      }
      if (line.startsWith("m=")) {
        inFirstAudio = audio == null && line.startsWith("m=audio ");
        if (inFirstAudio) {
          audio = new Scan();
          audio.mLine(line.substring(2));
        }
        current = inFirstAudio ? audio : null;
        continue;
      }
      if (current != null && line.startsWith("a=")) {
        current.attribute(line.substring(2));
      }
    }
    if (audio == null) {
      throw bad("m=audio", "no audio section in the offer");
    }
    return audio.finish(session);
  }

  private static SdpException bad(String field, String message) {
    return new SdpException(Kind.NOT_ACCEPTABLE, field, message);
  }

  /** Attributes of one level (session or the audio section). Parsing only; not thread-safe. */
  private static final class Scan {
    String proto;
    boolean pcmu;
    int port = -1;
    String ufrag;
    String pwd;
    String fingerprint;
    String fingerprintHash;
    String setup;
    String mid;
    boolean rtcpMux;
    int telephoneEvent = -1;

    void mLine(String value) throws SdpException {
      String[] p = value.split(" +");
      if (p.length < 4) {
        throw bad("m=audio", "needs port, protocol and payload types");
      }
      try {
        port = Integer.parseInt(p[1]);
      } catch (NumberFormatException e) {
        throw bad("m=audio", "port is not a number");
      }
      proto = p[2];
      for (int i = 3; i < p.length; i++) {
        pcmu |= p[i].equals("0");
      }
    }

    void attribute(String a) throws SdpException {
      int colon = a.indexOf(':');
      String name = (colon < 0 ? a : a.substring(0, colon)).toLowerCase(Locale.ROOT);
      String value = colon < 0 ? "" : a.substring(colon + 1).trim();
      switch (name) {
        case "ice-ufrag" -> ufrag = value;
        case "ice-pwd" -> pwd = value;
        case "setup" -> setup = value.toLowerCase(Locale.ROOT);
        case "mid" -> mid = value;
        case "rtcp-mux" -> rtcpMux = true;
        case "fingerprint" -> {
          String[] f = value.split(" +");
          if (f.length == 2 && (fingerprint == null || f[0].equalsIgnoreCase("sha-256"))) {
            fingerprintHash = f[0].toLowerCase(Locale.ROOT);
            fingerprint = f[1].toUpperCase(Locale.ROOT);
          }
        }
        case "rtpmap" -> {
          String[] r = value.split(" +");
          if (r.length == 2 && r[1].equalsIgnoreCase("telephone-event/8000") && r[0].matches("[0-9]{1,3}")) {
            int pt = Integer.parseInt(r[0]);
            if (pt >= 96 && pt <= 127 && telephoneEvent < 0) {
              telephoneEvent = pt;
            }
          }
        }
        default -> { }
      }
    }

    WebRtcOffer finish(Scan session) throws SdpException {
      if (port == 0) {
        throw bad("m=audio", "audio is rejected (port 0)");
      }
      if (!"UDP/TLS/RTP/SAVPF".equals(proto)) {
        throw bad("m=audio", "protocol must be UDP/TLS/RTP/SAVPF, was " + proto);
      }
      if (!pcmu) {
        throw bad("m=audio", "PCMU (payload type 0) not offered");
      }
      String u = ufrag != null ? ufrag : session.ufrag;
      String p = pwd != null ? pwd : session.pwd;
      if (u == null || u.length() < 4 || u.length() > 256 || !ICE_CHARS.matcher(u).matches()) {
        throw bad("a=ice-ufrag", "missing or invalid (4 to 256 ice-chars)");
      }
      if (p == null || p.length() < 22 || p.length() > 256 || !ICE_CHARS.matcher(p).matches()) {
        throw bad("a=ice-pwd", "missing or invalid (22 to 256 ice-chars)");
      }
      String fp = fingerprint != null ? fingerprint : session.fingerprint;
      String hash = fingerprint != null ? fingerprintHash : session.fingerprintHash;
      if (fp == null || !"sha-256".equals(hash) || !FINGERPRINT.matcher(fp).matches()) {
        throw bad("a=fingerprint", "a sha-256 fingerprint is required");
      }
      String s = setup != null ? setup : session.setup;
      if (!"actpass".equals(s) && !"active".equals(s)) {
        throw bad("a=setup", "must be actpass or active (we are the DTLS server), was " + s);
      }
      if (!rtcpMux) {
        throw bad("a=rtcp-mux", "required (one ICE component)");
      }
      if (mid == null || !MID.matcher(mid).matches()) {
        throw bad("a=mid", "missing or invalid");
      }
      return new WebRtcOffer(u, p, fp, s, mid, telephoneEvent);
    }
  }

  /** Never prints the ICE password. */
  @Override
  public String toString() {
    return "WebRtcOffer[ufrag=" + iceUfrag + ", setup=" + setup + ", mid=" + mid + ", te=" + telephoneEventPt + "]";
  }
}
