/**
 * Quality scoring (docs/quality.md): scoring an interaction against a scorecard ({@link Scoring}), the evaluations
 * kept in PostgreSQL ({@link EvaluationStore}, {@link PgEvaluationStore}) and their averages for the reports.
 * Scorecards themselves are directory objects (kind {@code scorecard}).
 */
package io.switchboard.quality;
