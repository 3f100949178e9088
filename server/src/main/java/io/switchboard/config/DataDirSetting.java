package io.switchboard.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code data.dir} resolved to an absolute path: {@code ~} is the user's home, a relative path is taken from the
 * working directory, empty means nothing is kept. Left at its default under a home this user cannot write (a
 * service account without one, a read-only container image), it becomes {@value #FALLBACK} in the working
 * directory. Reads the file system (never writes): the directory is created when the node starts.
 */
final class DataDirSetting {
  static final String KEY = "data.dir";
  static final String FALLBACK = "switchboard-data";

  private DataDirSetting() {}

  /**
   * @param value the setting as configured
   * @param defaultValue the reference config's value (only that one falls back)
   * @param home the user's home ({@code user.home})
   * @param workDir the working directory ({@code user.dir})
   */
  static Optional<Path> resolve(String value, String defaultValue, String home, Path workDir) {
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    boolean inHome = v.equals("~") || v.startsWith("~/");
    boolean isDefault = v.equals(defaultValue.trim());
    Path path;
    try {
      if (inHome && !Path.of(home).isAbsolute()) {  // no home known (user.home empty or "?")
        if (isDefault) {
          return Optional.of(workDir.resolve(FALLBACK).toAbsolutePath().normalize());
        }
        throw new ConfigException(KEY, "starts with ~ but this user has no home directory; give a full path");
      }
      path = inHome ? Path.of(home, v.substring(1).replaceFirst("^/", "")) : workDir.resolve(v);
    } catch (InvalidPathException e) {
      throw new ConfigException(KEY, "is not a valid path: " + e.getMessage());
    }
    path = path.toAbsolutePath().normalize();
    if (inHome && isDefault && !writableUnder(Path.of(home), path)) {
      path = workDir.resolve(FALLBACK).toAbsolutePath().normalize();
    }
    return Optional.of(path);
  }

  /** {@code home} is a directory and the nearest existing ancestor of {@code path} (itself included) is writable. */
  private static boolean writableUnder(Path home, Path path) {
    if (!Files.isDirectory(home)) {
      return false;
    }
    Path p = path;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p != null && Files.isDirectory(p) && Files.isWritable(p);
  }
}
