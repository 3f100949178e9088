package io.switchboard.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One node paces a campaign at a time (a real Redis): the holder renews its lease, another node is refused while it
 * lasts and takes the campaign over once the holder stops renewing; campaigns and tenants are leased apart.
 */
class RedisPacerLeaseIT {
  RedisConnections redis;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    redis = TestRedis.connect();
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  @Test
  void theHolderRenewsOthersWaitForItsLeaseToRunOut() throws Exception {
    PacerLease n1 = new RedisPacerLease(redis, "n1", 600, 5000);
    PacerLease n2 = new RedisPacerLease(redis, "n2", 600, 5000);
    assertThat(n1.hold("t", "c1")).isTrue();
    assertThat(n2.hold("t", "c1")).as("held by n1").isFalse();
    assertThat(n2.hold("t", "c2")).as("another campaign").isTrue();
    assertThat(n2.hold("u", "c1")).as("another tenant's").isTrue();
    for (int i = 0; i < 4; i++) { // n1 renews every 300 ms: 1.2 s in all, twice its lease
      Thread.sleep(300);
      assertThat(n1.hold("t", "c1")).isTrue();
      assertThat(n2.hold("t", "c1")).isFalse();
    }
    Thread.sleep(800); // n1 died: nothing renews
    assertThat(n2.hold("t", "c1")).as("taken over").isTrue();
    assertThat(n1.hold("t", "c1")).as("n1 back: n2 holds it now").isFalse();
  }
}
