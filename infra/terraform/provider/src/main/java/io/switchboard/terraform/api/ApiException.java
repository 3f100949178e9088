package io.switchboard.terraform.api;

import java.util.List;

/** A failed admin API call: the problem+json document's parts, or a transport failure (status 0). */
public final class ApiException extends Exception {
  /** One entry of problem+json {@code errors}: an API field path (e.g. {@code serviceLevel.seconds}) and what is wrong. */
  public record FieldError(String field, String message) {}

  private final int status;
  private final String title;
  private final String detail;
  private final List<FieldError> errors;

  public ApiException(int status, String title, String detail, List<FieldError> errors) {
    super(status + " " + title + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
