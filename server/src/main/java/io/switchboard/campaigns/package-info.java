/**
 * Outbound campaigns (docs/campaigns.md): a campaign calls the contacts of its lists ({@code contacts}) for the
 * agents of one ACD queue. {@link io.switchboard.campaigns.CampaignStore} keeps campaigns and each contact's attempt
 * state in the store of record (V10__campaigns.sql); {@link io.switchboard.campaigns.CampaignPacer} feeds due contacts
 * to the ACD as virtual calls ({@link io.switchboard.acd.CampaignCalls}: the callback machinery with one attempt, so
 * the accepting agent's node dials, through the dial planner and its do-not-call check), follows their outcomes and
 * applies {@link io.switchboard.campaigns.RetryRules} and {@link io.switchboard.campaigns.CallingHours}; one node
 * paces a campaign at a time ({@link io.switchboard.campaigns.PacerLease}).
 *
 * <p>Domain layer: depends on the ACD's interface, Redis (the lease) and a DataSource, never on the entry layers.
 */
package io.switchboard.campaigns;
