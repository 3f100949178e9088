package io.switchboard.reports;

/**
 * A report request that cannot be answered as asked: {@code status} 400 (a bad parameter) or 404 (a queue, agent or
 * team that does not exist), naming the query parameter at fault.
 */
public final class ReportException extends RuntimeException {
  private final int status;
  private final String parameter;

  public ReportException(int status, String parameter, String message) {
    super(message, null, false, false);
    this.status = status;
    this.parameter = parameter;
  }

  static ReportException bad(String parameter, String message) {
    return new ReportException(400, parameter, message);
  }

  static ReportException unknown(String parameter, String id) {
    return new ReportException(404, parameter, "no such " + parameter + " '" + id + "'");
  }

  public int status() {
    return status;
  }

  /** The query parameter at fault. */
  public String parameter() {
    return parameter;
  }
}
