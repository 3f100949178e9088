package io.switchboard.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.cases.CaseHook;
import io.switchboard.config.WebhooksConfig;
import io.switchboard.directory.Directory;
import io.switchboard.records.EventBatchHook;
import io.vertx.core.Vertx;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * A node's webhooks: the outbox that queues deliveries as events are stored ({@link #outbox()}, for the records
 * pipeline) and the dispatcher that sends them ({@link #start()}). docs/webhooks.md says what a receiver gets.
 */
public final class Webhooks implements AutoCloseable {
  private final WebhookOutbox outbox;
  private final PgWebhookDeliveries deliveries;
  private final WebhookDispatcher dispatcher;

  public Webhooks(Vertx vertx, Directory directory, DataSource dataSource, WebhooksConfig config,
      MeterRegistry registry, Clock clock) {
    this.outbox = new WebhookOutbox(new WebhookSubscriptions(directory, config.refresh(), System::nanoTime));
    this.deliveries = new PgWebhookDeliveries(dataSource);
    this.dispatcher = new WebhookDispatcher(vertx, directory, deliveries,
        new WebhookSender(vertx, config.timeout(), config.allowInsecure(), clock), config, registry, clock);
  }

  /** Queues the deliveries of a batch of events in the transaction that stores it. */
  public EventBatchHook outbox() {
    return outbox;
  }

  /** Queues a case's changes in the transaction that makes them. */
  public CaseHook cases() {
    return new CaseWebhooks(outbox);
  }

  /** The deliveries, for the admin API. */
  public PgWebhookDeliveries deliveries() {
    return deliveries;
  }

  /** Starts sending what is due. */
  public Webhooks start() {
    dispatcher.start();
    return this;
  }

  @Override
  public void close() {
    dispatcher.close();
  }
}
