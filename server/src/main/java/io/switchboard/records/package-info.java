/**
 * Records: PostgreSQL as the store of record for what must last and be queried (Redis keeps the live state).
 *
 * <p>{@link io.switchboard.records.Database} opens the store (the configured server, or an embedded PostgreSQL whose
 * data directory survives restarts), fails the start with the reason when it does not answer, and migrates the schema
 * with Flyway ({@code src/main/resources/db/migration}). {@link io.switchboard.records.RecordsPipeline} copies every
 * tenant's ACD event stream ({@code sb:{t}:events}) into the {@code events} table through the Redis consumer group
 * {@value io.switchboard.records.EventStream#GROUP}: at least once from Redis, exactly once in PostgreSQL (the stream
 * entry id is unique per tenant), acknowledged only after the commit, trimmed only past what every group acknowledged.
 * In the same transaction {@link io.switchboard.records.InteractionProjection} refolds the interaction records
 * ({@code interactions}, {@code agent_legs}) of every call the batch touched with the pure
 * {@link io.switchboard.records.InteractionFold}; {@link io.switchboard.records.PgInteractionQueries} reads them and
 * the agents' state history; {@link io.switchboard.records.RetentionPurge} deletes what is past each tenant's
 * retention.
 *
 * <p>Threading: JDBC and the pipeline's blocking Redis calls run on the pipeline's own thread (and the start-up
 * thread), the purge's own thread and, for the API's reads, Vert.x worker threads; never on a Vert.x event loop. This package depends on config, redis and json; the ACD knows nothing of it.
 */
package io.switchboard.records;
