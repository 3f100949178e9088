package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.PasswordHasher;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chat queue's business hours on a real directory (Redis) with an injected clock: open inside its hours (Madrid
 * time, DST included), closed outside them and on a holiday with the queue's closedMessage (or none: the widget's
 * own words), and always open without hours.
 */
class ChatHoursIT {
  static final String T = "chat-hours-it";
  /** Monday 7 December 2026, 10:00 in Madrid (UTC+1). */
  static final Instant MONDAY_10 = Instant.parse("2026-12-07T09:00:00Z");

  static Vertx vertx;
  static RedisConnections redis;
  static Directory directory;
  static final TestClock CLOCK = new TestClock(MONDAY_10.toEpochMilli());
  static ChatHours hours;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    directory = new Directory(vertx, redis, new PasswordHasher(4));
    directory.createTenant(T).await();
    JsonArray weekly = new JsonArray();
    for (String d : new String[] {"mon", "tue", "wed", "thu", "fri"}) {
      weekly.add(new JsonObject().put("day", d).put("open", "09:00").put("close", "17:00"));
    }
    directory.put(T, Kind.BUSINESS_HOURS, "office", new JsonObject().put("name", "Office")
        .put("timezone", "Europe/Madrid").put("weekly", weekly).put("holidays", new JsonArray().add("2026-12-08")),
        null).await();
    directory.put(T, Kind.QUEUE, "web", new JsonObject().put("name", "Web").put("channel", "chat")
        .put("businessHours", "office").put("closedMessage", "Cerrado: volvemos a las 9."), null).await();
    directory.put(T, Kind.QUEUE, "plain", new JsonObject().put("name", "Plain").put("channel", "chat")
        .put("businessHours", "office"), null).await();
    directory.put(T, Kind.QUEUE, "always", new JsonObject().put("name", "Always").put("channel", "chat"), null)
        .await();
    hours = new ChatHours(directory, CLOCK);
  }

  @AfterAll
  static void stop() {
    redis.close();
    vertx.close().await();
  }

  static Optional<ChatHours.Closed> at(String instant, String queue) {
    CLOCK.setMillis(Instant.parse(instant).toEpochMilli());
    return hours.closed(T, queue).await();
  }

  @Test
  void openInsideTheHoursClosedOutsideWithTheQueuesMessage() {
    assertThat(at("2026-12-07T09:00:00Z", "web")).as("Monday 10:00 Madrid").isEmpty();
    assertThat(at("2026-12-07T15:59:59Z", "web")).as("Monday 16:59:59 Madrid").isEmpty();
    assertThat(at("2026-12-07T16:00:00Z", "web")).as("Monday 17:00 Madrid: closed")
        .contains(new ChatHours.Closed("Cerrado: volvemos a las 9."));
    assertThat(at("2026-12-08T09:00:00Z", "web")).as("a holiday").isPresent();
    assertThat(at("2026-12-07T07:59:00Z", "plain")).as("before opening; no message of its own")
        .contains(new ChatHours.Closed(null));
    assertThat(at("2026-12-12T12:00:00Z", "always")).as("no hours: always open").isEmpty();
    assertThat(at("2026-06-01T07:30:00Z", "web")).as("summer time: 09:30 Madrid").isEmpty();
  }
}
