package io.switchboard.monitor;

/** A monitor request refused with nothing changed: {@code code} (docs/protocol.md), the field at fault or null. */
public final class MonitorRefused extends RuntimeException {
  private final String code;
  private final String field;

  public MonitorRefused(String code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
