/**
 * JDBC helpers the PostgreSQL stores share: one transaction per unit of work, and the column types they read the
 * same way. A leaf: depends only on {@code java..} and {@code javax.sql}.
 */
package io.switchboard.sql;
