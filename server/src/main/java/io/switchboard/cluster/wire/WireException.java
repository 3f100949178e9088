package io.switchboard.cluster.wire;

/**
 * A bus message the codec refuses: not JSON, a missing or wrongly typed field, an unknown field or {@code type}.
 * {@link #field()} names the culprit as a dotted path from the envelope ({@code message.deadline}), or null when
 * the text is not a JSON object at all. Nothing of a refused message is applied.
 */
public final class WireException extends RuntimeException {
  private final String field;

  public WireException(String field, String message) {
    super(field == null ? message : "field '" + field + "' " + message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
