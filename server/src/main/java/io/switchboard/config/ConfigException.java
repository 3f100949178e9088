package io.switchboard.config;

/** A setting that cannot be used; the message names the key and what is wrong with it. */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String problem) {
    super("setting '" + key + "' " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
