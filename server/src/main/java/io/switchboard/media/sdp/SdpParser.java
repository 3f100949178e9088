package io.switchboard.media.sdp;

import io.switchboard.media.sdp.MediaDescription.RtpMap;
import io.switchboard.media.sdp.SdpException.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses SDP (RFC 4566) strictly enough to refuse garbage: {@code v=0} first, every line {@code <letter>=<value>},
 * {@code o=}, {@code s=} present, each m= with a valid port, protocol and format list, a connection address for every
 * used stream. Attributes it does not use are skipped (RFC 4566 5.13: unknown attributes are ignored). Accepts LF as
 * well as CRLF line ends (many implementations send LF). Stateless and thread-safe.
 */
public final class SdpParser {
  /** Offers are small; a larger body is refused before parsing. */
  public static final int MAX_BYTES = 16 * 1024;

  private static final Pattern TOKEN_LINE = Pattern.compile("[a-z]=.*");
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Za-z.:\\-]+");
  private static final Pattern PT = Pattern.compile("[0-9]{1,3}");

  private SdpParser() {}

  public static SessionDescription parse(String sdp) throws SdpException {
    if (sdp == null || sdp.isBlank()) {
      throw malformed("sdp", "empty body");
    }
    if (sdp.length() > MAX_BYTES) {
      throw malformed("sdp", "body larger than " + MAX_BYTES + " bytes");
    }
    String[] lines = sdp.split("\r?\n", -1);
    int count = lines.length;
    while (count > 0 && lines[count - 1].isEmpty()) {
      count--;
    }
    if (count == 0 || !lines[0].equals("v=0")) {
      throw malformed("v", "first line must be v=0");
    }
    State st = new State();
    for (int i = 1; i < count; i++) {
      String line = lines[i];
      if (!TOKEN_LINE.matcher(line).matches()) {
        throw malformed("line " + (i + 1), "not of the form <letter>=<value>");
      }
      st.line(line.charAt(0), line.substring(2));
    }
    return st.finish();
  }

  private static final class State {
    String[] origin;
    boolean hasName;
    String connection;
    Direction direction;
    final List<MediaDescription> media = new ArrayList<>();
    MediaBuilder m;

    void line(char type, String value) throws SdpException {
      switch (type) {
        case 'o' -> origin(value);
        case 's' -> hasName = true;
        case 'c' -> {
          String addr = connection(value);
          if (m == null) {
            connection = addr;
          } else {
            m.connection = addr;
          }
        }
        case 'm' -> {
          closeMedia();
          m = MediaBuilder.of(value);
        }
        case 'a' -> attribute(value);
        default -> { } // i, u, e, p, b, t, r, z, k: not needed for audio negotiation
      }
    }

    void origin(String value) throws SdpException {
      String[] f = value.split(" ");
      if (f.length != 6 || !f[3].equals("IN")) {
        throw malformed("o", "expected '<user> <id> <version> IN <addrtype> <address>'");
      }
      origin = f;
    }

    void attribute(String value) throws SdpException {
      int colon = value.indexOf(':');
      String name = colon < 0 ? value : value.substring(0, colon);
      String arg = colon < 0 ? "" : value.substring(colon + 1);
      Direction d = Direction.ofAttribute(name);
      if (d != null) {
        if (m == null) {
          direction = d;
        } else {
          m.direction = d;
        }
        return;
      }
      if (m != null) {
        m.attribute(name, arg);
      }
    }

    void closeMedia() {
      if (m != null) {
        media.add(m.build());
        m = null;
      }
    }

    SessionDescription finish() throws SdpException {
      closeMedia();
      if (origin == null) {
        throw malformed("o", "missing origin line");
      }
      if (!hasName) {
        throw malformed("s", "missing session name line");
      }
      for (MediaDescription md : media) {
        if (md.port() != 0 && md.connection() == null && connection == null) {
          throw malformed("c", "no connection address for m=" + md.type());
        }
      }
      return new SessionDescription(origin[0], origin[1], origin[2], origin[5], connection, direction, media);
    }
  }

  private static final class MediaBuilder {
    String type;
    int port;
    String proto;
    List<String> formats;
    String connection;
    final Map<Integer, RtpMap> rtpmaps = new HashMap<>();
    final Map<Integer, String> fmtps = new HashMap<>();
    int ptime;
    Direction direction;
    int rtcpPort;
    String rtcpAddress;
    boolean rtcpMux;
    final List<String> cryptos = new ArrayList<>();

    static MediaBuilder of(String value) throws SdpException {
      String[] f = value.split(" ");
      if (f.length < 4) {
        throw malformed("m", "expected '<media> <port> <proto> <fmt> ...'");
      }
      MediaBuilder b = new MediaBuilder();
      b.type = f[0];
      String port = f[1];
      int slash = port.indexOf('/');
      b.port = number("m=" + f[0], slash < 0 ? port : port.substring(0, slash), 0, 65535);
      b.proto = f[2];
      b.formats = List.of(f).subList(3, f.length);
      if (b.proto.startsWith("RTP/")) {
        for (String fmt : b.formats) {
          if (!PT.matcher(fmt).matches() || Integer.parseInt(fmt) > 127) {
            throw malformed("m=" + f[0], "payload type '" + fmt + "' is not 0..127");
          }
        }
      }
      return b;
    }

    void attribute(String name, String arg) throws SdpException {
      switch (name) {
        case "rtpmap" -> rtpmap(arg);
        case "fmtp" -> {
          int sp = arg.indexOf(' ');
          if (sp > 0 && PT.matcher(arg.substring(0, sp)).matches()) {
            fmtps.put(Integer.parseInt(arg.substring(0, sp)), arg.substring(sp + 1).trim());
          }
        }
        case "ptime" -> ptime = number("a=ptime", arg.trim(), 1, 1000);
        case "rtcp" -> {
          String[] f = arg.trim().split(" ");
          rtcpPort = number("a=rtcp", f[0], 1, 65535);
          if (f.length == 4 && f[0].length() > 0) {
            rtcpAddress = address("a=rtcp", f[3]);
          }
        }
        case "rtcp-mux" -> rtcpMux = true;
        case "crypto" -> cryptos.add(arg);
        default -> { }
      }
    }

    void rtpmap(String arg) throws SdpException {
      String[] f = arg.trim().split(" ");
      if (f.length != 2 || !PT.matcher(f[0]).matches()) {
        throw malformed("a=rtpmap", "expected '<payload type> <encoding>/<clock rate>[/<channels>]'");
      }
      String[] enc = f[1].split("/");
      if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
        throw malformed("a=rtpmap", "expected '<encoding>/<clock rate>[/<channels>]', got '" + f[1] + "'");
      }
      int rate = number("a=rtpmap", enc[1], 1, 1_000_000);
      int channels = enc.length == 3 ? number("a=rtpmap", enc[2], 1, 255) : 1;
      rtpmaps.put(number("a=rtpmap", f[0], 0, 127), new RtpMap(enc[0], rate, channels));
    }

    MediaDescription build() {
      return new MediaDescription(type, port, proto, formats, connection, rtpmaps, fmtps, ptime, direction, rtcpPort,
          rtcpAddress, rtcpMux, cryptos);
    }
  }

  /** c=IN IP4 192.0.2.1 (a TTL/count suffix on multicast is tolerated and dropped). */
  private static String connection(String value) throws SdpException {
    String[] f = value.split(" ");
    if (f.length != 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
      throw malformed("c", "expected 'IN IP4|IP6 <address>'");
    }
    String addr = f[2];
    int slash = addr.indexOf('/');
    return address("c", slash < 0 ? addr : addr.substring(0, slash));
  }

  private static String address(String field, String a) throws SdpException {
    if (a.isEmpty() || a.length() > 253 || !ADDRESS.matcher(a).matches()) {
      throw malformed(field, "invalid address '" + a + "'");
    }
    return a;
  }

  private static int number(String field, String s, int min, int max) throws SdpException {
    if (s.isEmpty() || s.length() > 7 || !s.chars().allMatch(Character::isDigit)) {
      throw malformed(field, "'" + s + "' is not a number");
    }
    int v = Integer.parseInt(s);
    if (v < min || v > max) {
      throw malformed(field, v + " is out of range " + min + ".." + max);
    }
    return v;
  }

  static SdpException malformed(String field, String message) {
    return new SdpException(Kind.MALFORMED, field, message);
  }
}
