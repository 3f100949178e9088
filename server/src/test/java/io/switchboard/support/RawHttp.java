package io.switchboard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, for requests no HTTP client library will send (broken chunked
 * framing, a Content-Length announcing a body that never comes). Reads until the server closes or goes quiet.
 */
public final class RawHttp {
  private RawHttp() {}

  /** The status code and everything the server answered within {@code timeoutMs}. */
  public record Answer(int status, String text) {}

  /** Sends {@code head} (CRLF line ends added) and then {@code body} bytes; returns the response. */
  public static Answer exchange(int port, String head, byte[] body, int timeoutMs) throws IOException {
    return exchangeFrom("127.0.0.1", port, head, body, timeoutMs);
  }

  /**
   * As {@link #exchange} from local address {@code from} (any of 127.0.0.0/8 reaches a server on 127.0.0.1):
   * how a test plays several clients at different addresses.
   */
  public static Answer exchangeFrom(String from, int port, String head, byte[] body, int timeoutMs)
      throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(timeoutMs);
      OutputStream out = s.getOutputStream();
      out.write(head.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      String text = readAll(s.getInputStream());
      int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
      return new Answer(status, text);
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        got.write(buf, 0, n);
        if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && complete(got)) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // the server went quiet or reset the connection after answering: what we have is the answer
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  /** True once a Content-Length response body has fully arrived. */
  private static boolean complete(ByteArrayOutputStream got) {
    String t = got.toString(StandardCharsets.ISO_8859_1);
    if (t.startsWith("HTTP/1.1 101 ")) {
      return true; // switched protocols: what follows is WebSocket frames
    }
    int end = t.indexOf("\r\n\r\n");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(t.substring(0, end));
    return m.find() && t.length() - end - 4 >= Integer.parseInt(m.group(1));
  }
}
