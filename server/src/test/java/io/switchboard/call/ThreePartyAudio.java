package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.sip.SipResponse;
import io.switchboard.media.audio.Goertzel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who hears whom on a call with a third party in its mix (a monitoring supervisor, a consulted colleague), and a
 * fourth where two supervisors are on the call: what the SIP caller, the agent's leg and the other parties' legs each
 * received over about a second, and its tones checked.
 */
final class ThreePartyAudio {
  /** The third party's tone (the caller's and the agent's are {@link BridgeNode}'s). */
  static final double THIRD_HZ = 700;
  /** The fourth party's tone (a second supervisor). */
  static final double FOURTH_HZ = 1850;

  private ThreePartyAudio() {}

  /**
   * The three parties talking (each its tone), each packet 20 ms apart, from a timer thread; the colleague may be
   * null (not on the call yet). Packets are numbered from {@code from} on, so a later Talk on the same call continues
   * each stream ({@link #sent} is where the next one starts).
   */
  static final class Talk implements AutoCloseable {
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final AtomicInteger n;

    Talk(SipCaller caller, SipResponse ok, FakeLeg agent, FakeLeg colleague) {
      this(caller, ok, agent, colleague, 0);
    }

    Talk(SipCaller caller, SipResponse ok, FakeLeg agent, FakeLeg colleague, int from) {
      this(caller, ok, agent, colleague, null, from);
    }

    /** Also a fourth party (null: none) sending {@link #FOURTH_HZ}. */
    Talk(SipCaller caller, SipResponse ok, FakeLeg agent, FakeLeg colleague, FakeLeg fourth, int from) {
      n = new AtomicInteger(from);
      timer.scheduleAtFixedRate(() -> {
        int i = n.getAndIncrement();
        boolean first = i == from;
        try {
          caller.sendRtp(ok, RtpPacket.of(first, 0, 500 + i, 80_000 + 160L * i, 0xCA11,
              SipCaller.ulawTone(CALLER_HZ)));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        agent.fromBrowser(RtpPacket.of(first, 0, 3000 + i, 640_000 + 160L * i, 0xB0B, SipCaller.ulawTone(AGENT_HZ)));
        if (colleague != null) {
          colleague.fromBrowser(RtpPacket.of(first, 0, 9000 + i, 320_000 + 160L * i, 0xC011,
              SipCaller.ulawTone(THIRD_HZ)));
        }
        if (fourth != null) {
          fourth.fromBrowser(RtpPacket.of(first, 0, 12000 + i, 480_000 + 160L * i, 0xF0F,
              SipCaller.ulawTone(FOURTH_HZ)));
        }
      }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** The number of the next packet (where a following Talk starts). */
    int sent() {
      return n.get();
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /** What each party received over about a second, as linear samples ({@code fourth} empty when none). */
  record Heard(short[] caller, short[] agent, short[] third, short[] fourth) {}

  static Heard listen(SipCaller caller, FakeLeg agent, FakeLeg third) throws Exception {
    return listen(caller, agent, third, null);
  }

  /** As {@link #listen(SipCaller, FakeLeg, FakeLeg)}, with a fourth party's leg (null: none). */
  static Heard listen(SipCaller caller, FakeLeg agent, FakeLeg third, FakeLeg fourth) throws Exception {
    Thread.sleep(300); // the mix settles (a mode takes effect at the next tick; the buffers hold 40 ms)
    caller.drainRtp();
    int a0 = agent.sent.size();
    int t0 = third.sent.size();
    int f0 = fourth == null ? 0 : fourth.sent.size();
    List<RtpPacket> toCaller = new ArrayList<>();
    long end = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < end) {
      toCaller.addAll(caller.drainRtp());
    }
    return new Heard(pcm(toCaller), pcm(agent.sent.subList(a0, agent.sent.size())),
        pcm(third.sent.subList(t0, third.sent.size())),
        fourth == null ? new short[0] : pcm(fourth.sent.subList(f0, fourth.sent.size())));
  }

  /** {@code who} heard each tone of {@code expected} and none of the others (the fourth's included). */
  static void assertTones(String who, short[] samples, Set<Double> expected) {
    assertThat(samples.length).as("%s received audio", who).isGreaterThan(8000 / 2);
    for (double hz : List.of(CALLER_HZ, AGENT_HZ, THIRD_HZ, FOURTH_HZ)) {
      double share = Goertzel.relativePower(samples, 0, samples.length, hz, 8000);
      if (expected.contains(hz)) {
        assertThat(share).as("%s hears %s Hz", who, hz).isGreaterThan(0.1);
      } else {
        assertThat(share).as("%s must not hear %s Hz", who, hz).isLessThan(0.02);
      }
    }
  }

  /** The PCMU packets of {@code packets} as linear samples, in order. */
  static short[] pcm(List<RtpPacket> packets) {
    List<RtpPacket> audio = packets.stream().filter(p -> p.payloadType() == 0).toList();
    short[] out = new short[audio.size() * 160];
    for (int i = 0; i < audio.size(); i++) {
      System.arraycopy(SipCaller.pcm(audio.get(i).payload()), 0, out, i * 160, 160);
    }
    return out;
  }
}
