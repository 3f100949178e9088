package io.switchboard.terraform.value;

/**
 * A Terraform value that is not known yet (e.g. an id computed on apply). In the value model used by this
 * provider: {@code null} is a null value, {@link #VALUE} is unknown, everything else is known:
 * {@code String}, {@code Boolean}, {@code Long}/{@code Double}/{@code BigDecimal} (numbers),
 * {@code List<Object>} (list, set, tuple) and {@code Map<String,Object>} (map, object; insertion ordered).
 */
public enum Unknown {
  VALUE;

  @Override
  public String toString() {
    return "(unknown)";
  }
}
