package io.switchboard.directory;

/**
 * The version a write expects to find (optimistic concurrency). {@link #ANY} ("*") only requires the object
 * to exist; version 0 requires it to be absent. Pass {@code null} where no precondition applies.
 */
public record IfMatch(long version) {
  public static final IfMatch ANY = new IfMatch(-1);

  public IfMatch {
    if (version < -1) {
      throw new IllegalArgumentException("version " + version);
    }
  }

  public static IfMatch version(long v) {
    return new IfMatch(v);
  }

  /** The ARGV form the scripts understand: "*" or the number. */
  String wire() {
    return version == -1 ? "*" : Long.toString(version);
  }
}
