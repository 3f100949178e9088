package io.switchboard.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Flat key/value settings layered over the bundled {@code switchboard-reference.conf}.
 *
 * <p>Only keys present in the reference file are accepted; anything else is refused with the key's name
 * and where it came from. Immutable once built.
 */
public final class Settings {
  static final String REFERENCE = "/switchboard-reference.conf";
  static final String ENV_PREFIX = "SWITCHBOARD_";

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Reference defaults only. */
  public static Settings reference() {
    return new Settings(readReference());
  }

  /**
   * Reference, then the config file ({@code --config=} or {@code SWITCHBOARD_CONFIG}), then environment
   * variables, then {@code --key=value} arguments.
   */
  public static Settings load(Map<String, String> env, String[] args) {
    Map<String, String> merged = new LinkedHashMap<>(readReference());
    Map<String, String> cli = parseArgs(args);
    String file = cli.containsKey("config") ? cli.remove("config") : env.get(ENV_PREFIX + "CONFIG");
    if (file != null && !file.isBlank()) {
      overlay(merged, readFile(Path.of(file)), "config file " + file);
    }
    overlay(merged, fromEnv(env, merged), "environment");
    overlay(merged, cli, "command line");
    return new Settings(merged);
  }

  /** Reference plus explicit overrides; for tests and embedding. */
  public static Settings of(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(readReference());
    overlay(merged, overrides, "overrides");
    return new Settings(merged);
  }

  /** A copy with more overrides applied. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    overlay(merged, overrides, "overrides");
    return new Settings(merged);
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new ConfigException(key, "is not a known setting");
    }
    return v.trim();
  }

  public int integer(String key, int min, int max) {
    String v = string(key);
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number, was '" + v + "'");
    }
  }

  /** Tri-state boolean: empty gives {@code whenEmpty}. */
  public boolean bool(String key, boolean whenEmpty) {
    String v = string(key).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "" -> whenEmpty;
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new ConfigException(key, "must be true or false, was '" + v + "'");
    };
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Map<String, String> fromEnv(Map<String, String> env, Map<String, String> known) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : known.keySet()) {
      String v = env.get(envName(key));
      if (v != null) {
        out.put(key, v);
      }
    }
    return out;
  }

  private static Map<String, String> parseArgs(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new ConfigException(arg, "arguments take the form --key=value");
      }
      int eq = arg.indexOf('=');
      out.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return out;
  }

  private static void overlay(Map<String, String> base, Map<String, String> over, String source) {
    for (Map.Entry<String, String> e : over.entrySet()) {
      if (!base.containsKey(e.getKey())) {
        throw new ConfigException(e.getKey(), "is not a known setting (from " + source + ")");
      }
      base.put(e.getKey(), e.getValue());
    }
  }

  private static Map<String, String> readReference() {
    try (InputStream in = Settings.class.getResourceAsStream(REFERENCE)) {
      if (in == null) {
        throw new IllegalStateException(REFERENCE + " missing from the classpath");
      }
      return toMap(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + REFERENCE, e);
    }
  }

  private static Map<String, String> readFile(Path path) {
    try {
      return toMap(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new ConfigException("config", "cannot read " + path + ": " + e.getMessage());
    }
  }

  private static Map<String, String> toMap(byte[] bytes) throws IOException {
    Properties p = new Properties();
    try (Reader r = new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8))) {
      p.load(r);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
