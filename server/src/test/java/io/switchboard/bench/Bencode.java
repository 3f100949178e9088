package io.switchboard.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bencode (BEP 3), the encoding of rtpengine's ng control protocol: integers, byte strings (here text, UTF-8),
 * lists and dictionaries (keys sorted on encoding). No library for it is served here, and the protocol needs only
 * these four types. Decoding is strict: a malformed or truncated value, a leading zero, a duplicate key, or bytes
 * after the value throw {@link IllegalArgumentException} naming the offset. Keys out of order are accepted: BEP 3
 * wants them sorted, but rtpengine's replies do not sort them.
 */
final class Bencode {
  private Bencode() {}

  /** Encodes a String, Integer/Long, List or Map with String keys. */
  static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object v) {
    if (v instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(b);
    } else if (v instanceof Integer || v instanceof Long) {
      out.writeBytes(("i" + v + "e").getBytes(StandardCharsets.US_ASCII));
    } else if (v instanceof List<?> list) {
      out.write('l');
      list.forEach(x -> write(out, x));
      out.write('e');
    } else if (v instanceof Map<?, ?> map) {
      out.write('d');
      TreeMap<String, Object> sorted = new TreeMap<>(); // byte order = char order for the ASCII keys ng uses
      map.forEach((k, x) -> sorted.put((String) k, x));
      sorted.forEach((k, x) -> {
        write(out, k);
        write(out, x);
      });
      out.write('e');
    } else {
      throw new IllegalArgumentException("cannot bencode " + (v == null ? "null" : v.getClass().getSimpleName()));
    }
  }

  /** Decodes exactly one value from {@code data[off, off+len)}: String, Long, List or Map (insertion-ordered). */
  static Object decode(byte[] data, int off, int len) {
    Reader r = new Reader(data, off, off + len);
    Object v = r.value();
    if (r.at != r.end) {
      throw new IllegalArgumentException("bytes after the value at offset " + (r.at - off));
    }
    return v;
  }

  private static final class Reader {
    private final byte[] d;
    private final int start;
    private final int end;
    private int at;

    Reader(byte[] d, int start, int end) {
      this.d = d;
      this.start = start;
      this.end = end;
      this.at = start;
    }

    Object value() {
      switch (peek()) {
        case 'i' -> {
          at++;
          long v = number('e');
          return v;
        }
        case 'l' -> {
          at++;
          List<Object> list = new ArrayList<>();
          while (peek() != 'e') {
            list.add(value());
          }
          at++;
          return list;
        }
        case 'd' -> {
          at++;
          Map<String, Object> map = new java.util.LinkedHashMap<>();
          while (peek() != 'e') {
            int keyAt = at;
            String k = string();
            if (map.containsKey(k)) {
              throw fail("duplicate key '" + k + "'", keyAt);
            }
            map.put(k, value());
          }
          at++;
          return map;
        }
        default -> {
          return string();
        }
      }
    }

    private String string() {
      int from = at;
      long n = number(':');
      if (n > end - at) {
        throw fail("string of " + n + " bytes runs past the end", from);
      }
      String s = new String(d, at, (int) n, StandardCharsets.UTF_8);
      at += (int) n;
      return s;
    }

    /** Digits (an optional '-') up to {@code stop}, consumed; no leading zeros, no "-0". */
    private long number(char stop) {
      int from = at;
      boolean negative = at < end && d[at] == '-';
      if (negative) {
        at++;
      }
      int digits = at;
      long v = 0;
      while (at < end && d[at] != stop) {
        byte c = d[at];
        if (c < '0' || c > '9' || at - digits > 17) {
          throw fail("bad number", from);
        }
        v = v * 10 + (c - '0');
        at++;
      }
      if (at >= end || at == digits || (d[digits] == '0' && at - digits > 1) || (negative && v == 0)) {
        throw fail("bad number", from);
      }
      at++;
      return negative ? -v : v;
    }

    private char peek() {
      if (at >= end) {
        throw fail("truncated", at);
      }
      return (char) d[at];
    }

    private IllegalArgumentException fail(String what, int pos) {
      return new IllegalArgumentException("bencode: " + what + " at offset " + (pos - start));
    }
  }
}
