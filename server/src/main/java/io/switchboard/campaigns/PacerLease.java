package io.switchboard.campaigns;

/**
 * Which node paces a campaign: at most one at a time, for a lease it renews on every round; a node that dies stops
 * renewing and another takes the campaign over once the lease runs out. Blocking; thread-safe.
 */
@FunctionalInterface
public interface PacerLease {
  /** Takes or renews the lease of this node on the campaign; false when another node holds it. */
  boolean hold(String tenant, String campaignId) throws Exception;
}
