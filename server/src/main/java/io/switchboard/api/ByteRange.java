package io.switchboard.api;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 14.1.2) against a representation of {@code size} bytes:
 * {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}, resolved to inclusive offsets clamped to
 * the size. One range only (a player seeks with one); anything else — another unit, several ranges, a malformed or
 * unsatisfiable range — is {@link #unsatisfiable} (answered 416 with {@code Content-Range: bytes *}/size).
 *
 * @param first offset of the first byte
 * @param last offset of the last byte (inclusive)
 */
record ByteRange(long first, long last) {
  /** Thrown for a range this server does not satisfy. */
  static final class Unsatisfiable extends RuntimeException {
    Unsatisfiable(String why) {
      super(why, null, false, false);
    }
  }

  long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of this range. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /** The range {@code header} asks of {@code size} bytes; null when there is no header (the whole). */
  static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      throw unsatisfiable("only bytes ranges are served");
    }
    String spec = h.substring(6).trim();
    if (spec.indexOf(',') >= 0) {
      throw unsatisfiable("one range at a time");
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      throw unsatisfiable("a range is first-last, first- or -suffix");
    }
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (a.isEmpty()) {
      long suffix = number(b);
      if (suffix == 0 || size == 0) {
        throw unsatisfiable("an empty suffix range");
      }
      return new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    long first = number(a);
    long last = b.isEmpty() ? size - 1 : number(b);
    if (last < first) {
      throw unsatisfiable("the last byte is before the first");
    }
    if (first >= size) {
      throw unsatisfiable("the first byte is past the end (" + size + " bytes)");
    }
    return new ByteRange(first, Math.min(last, size - 1));
  }

  private static long number(String digits) {
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw unsatisfiable("'" + digits + "' is not a byte offset");
    }
    return Long.parseLong(digits);
  }

  private static Unsatisfiable unsatisfiable(String why) {
    return new Unsatisfiable(why);
  }
}
