/**
 * Reports: the historical queue, agent and team figures of {@code GET /api/v1/reports/...}, computed from the store
 * of record ({@code interactions}, {@code agent_legs} and the agent state changes in {@code events}) over a range cut
 * into local intervals of a time zone. Every figure's formula is in {@link io.switchboard.reports.Figures} and
 * docs/reports.md.
 *
 * <p>Depends on the directory (who is reported, their goals and service-level thresholds) and config; reads
 * PostgreSQL through a {@link javax.sql.DataSource} on worker threads only
 * ({@link io.switchboard.reports.ReportStore}).
 */
package io.switchboard.reports;
