package io.switchboard.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packet sequences as RFC 4733 section 2.5 and its examples (appendix, figure 2) describe them. */
class DtmfReceiverTest {
  private final List<DtmfDigit> digits = new ArrayList<>();
  private final DtmfReceiver rx = new DtmfReceiver(digits::add);
  private long now;

  private void packet(long ts, int event, boolean end, int duration) {
    now += 20_000_000L;
    rx.onPacket(ts, new TelephoneEvent(event, end, 10, duration), now);
  }

  @Test
  void oneDigitWithTripleEndIsReportedOnce() {
    long ts = 4_000_000_000L;
    packet(ts, 1, false, 160);
    packet(ts, 1, false, 320);
    packet(ts, 1, false, 480);
    assertThat(digits).isEmpty();
    packet(ts, 1, true, 640);
    packet(ts, 1, true, 640);
    packet(ts, 1, true, 640);
    assertThat(digits).containsExactly(new DtmfDigit('1', 80, ts, true));
  }

  @Test
  void lostStartPacketStillYieldsTheDigit() {
    packet(1000, 11, false, 320); // the first (duration 160, marker) packet was lost
    packet(1000, 11, true, 480);
    packet(1000, 11, true, 480);
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('#');
  }

  @Test
  void lateRetransmissionsAndDuplicatesAreIgnored() {
    packet(1000, 5, true, 800);
    packet(1000, 5, false, 480); // reordered/retransmitted older packet of the same event
    packet(1000, 5, true, 800);
    packet(1000, 5, true, 800);
    packet(5000, 9, false, 160);
    packet(1000, 5, true, 800); // very late copy of the first event
    packet(5000, 9, true, 320);
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('5', '9');
  }

  @Test
  void sameDigitTwiceIsTwoEventsBecauseTheTimestampDiffers() {
    for (long ts : new long[] {8000, 9600}) {
      packet(ts, 0, false, 160);
      packet(ts, 0, true, 320);
      packet(ts, 0, true, 320);
      packet(ts, 0, true, 320);
    }
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('0', '0');
  }

  @Test
  void allEndPacketsLostIsClosedByTheNextEventOrByIdleTimeout() {
    packet(100, 2, false, 160);
    packet(100, 2, false, 320);
    packet(900, 3, false, 160); // '2' never ended: reported now, without end
    assertThat(digits).containsExactly(new DtmfDigit('2', 40, 100, false));
    rx.expire(now + 100_000_000L, 500_000_000L);
    assertThat(digits).hasSize(1);
    rx.expire(now + 600_000_000L, 500_000_000L);
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('2', '3');
    assertThat(digits.get(1).endSeen()).isFalse();
  }

  @Test
  void timestampWrapAroundIsANewerEvent() {
    packet(0xFFFFFF00L, 7, true, 320);
    packet(0x00000100L, 8, true, 320);
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('7', '8');
  }

  @Test
  void nonDtmfEventsAreIgnored() {
    packet(100, 36, true, 800); // fax CED (RFC 4734) is not a key press
    assertThat(digits).isEmpty();
  }

  @Test
  void payloadRoundTripsAndMapsDigits() throws Exception {
    TelephoneEvent e = new TelephoneEvent(15, true, 63, 65535);
    assertThat(TelephoneEvent.parse(e.serialize())).isEqualTo(e);
    assertThat(TelephoneEvent.digit(10)).isEqualTo('*');
    assertThat(TelephoneEvent.eventOf('d')).isEqualTo(15);
    assertThat(TelephoneEvent.eventOf('x')).isEqualTo(-1);
  }

  @Test
  void senderProducesTheRfc4733PacketPattern() {
    DtmfSender tx = new DtmfSender();
    tx.queue('7', 60);
    List<DtmfSender.Step> steps = new ArrayList<>();
    DtmfSender.Step s;
    while ((s = tx.next()) != null) {
      steps.add(s);
    }
    assertThat(steps).extracting(x -> x.event().duration()).containsExactly(160, 320, 480, 480, 480);
    assertThat(steps).extracting(x -> x.event().end()).containsExactly(false, false, true, true, true);
    assertThat(steps).extracting(DtmfSender.Step::first).containsExactly(true, false, false, false, false);
    assertThat(steps).allMatch(x -> x.event().event() == 7);
    assertThat(tx.active()).isFalse();
  }
}
