package io.switchboard.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BindHostsTest {
  @Test
  void wildcardsOfBothFamiliesBecomeLoopbackOfTheSameFamily() {
    assertTrue(BindHosts.isWildcard("0.0.0.0"));
    assertTrue(BindHosts.isWildcard("::"));
    assertEquals("127.0.0.1", BindHosts.concrete("0.0.0.0"));
    assertEquals("::1", BindHosts.concrete("::"));
  }

  @Test
  void aConcreteHostIsKept() {
    for (String host : new String[] {"127.0.0.1", "::1", "192.0.2.10", "2001:db8::5", "sbc.example.com"}) {
      assertFalse(BindHosts.isWildcard(host), host);
      assertEquals(host, BindHosts.concrete(host));
    }
  }
}
