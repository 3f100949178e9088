package io.switchboard.campaigns;

import java.util.Optional;

/**
 * A campaign's life. Only {@link #RUNNING} feeds calls; a pause, a stop or the end takes back the campaign's calls
 * still waiting for an agent (those already ringing or talking go on and are accounted for).
 *
 * <pre>
 *   READY ──start──► RUNNING ──pause (API, or the pacer: trunk-down)──► PAUSED ──resume──► RUNNING
 *                    RUNNING ──every contact done──► COMPLETED
 *   READY, RUNNING, PAUSED ──stop──► STOPPED (final)
 * </pre>
 */
public enum CampaignStatus {
  READY, RUNNING, PAUSED, STOPPED, COMPLETED;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<CampaignStatus> fromWire(String s) {
    for (CampaignStatus v : values()) {
      if (v.wire().equals(s)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
