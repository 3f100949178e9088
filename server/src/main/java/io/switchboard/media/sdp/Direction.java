package io.switchboard.media.sdp;

/** Media direction attributes (RFC 4566 6, RFC 3264 6.1), from the point of view of the side that wrote them. */
public enum Direction {
  SENDRECV,
  SENDONLY,
  RECVONLY,
  INACTIVE;

  /** The answer's direction for an offer with this one (RFC 3264 6.1): sendonly ↔ recvonly. */
  public Direction answer() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      default -> this;
    };
  }

  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }

  public String attribute() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static Direction ofAttribute(String a) {
    return switch (a) {
      case "sendrecv" -> SENDRECV;
      case "sendonly" -> SENDONLY;
      case "recvonly" -> RECVONLY;
      case "inactive" -> INACTIVE;
      default -> null;
    };
  }
}
