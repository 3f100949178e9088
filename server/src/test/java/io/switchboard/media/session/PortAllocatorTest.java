package io.switchboard.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {
  @Test
  void handsOutRandomEvenPortsWithinTheRangeNeverOneHeld() {
    PortAllocator a = new PortAllocator(20000, 21999); // the real constructor: SecureRandom
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      got.add(a.acquire());
    }
    assertThat(got).allSatisfy(p -> assertThat(p).isBetween(20000, 21998).isEven());
    assertThat(new HashSet<>(got)).as("no pair handed out twice while held").hasSize(600);
    assertThat(a.inUse()).isEqualTo(600);
    int sequential = 0;
    for (int i = 1; i < got.size(); i++) {
      if (got.get(i) - got.get(i - 1) == 2) {
        sequential++;
      }
    }
    // random picks among ~1000 pairs: a step of exactly +2 happens about once in a thousand (round robin: always)
    assertThat(sequential).as("successive ports two apart").isLessThan(20);
    assertThat(got).isNotEqualTo(got.stream().sorted().toList());
  }

  @Test
  void everyPairIsPickedAboutAsOften() {
    Random random = new Random(42);
    int[] counts = new int[10];
    for (int i = 0; i < 5000; i++) {
      PortAllocator a = new PortAllocator(30000, 30019, random);
      counts[(a.acquire() - 30000) / 2]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(350, 650); // mean 500
    }
  }

  @Test
  void aReleasedPairCoolsBeforeItIsHandedOutAgain() {
    PortAllocator a = new PortAllocator(40000, 40199, new Random(1)); // 100 pairs, 25 cool
    assertThat(a.cooling()).isEqualTo(25);
    int first = a.acquire();
    a.release(first);
    assertThat(a.inUse()).isZero();
    Set<Integer> others = new HashSet<>();
    for (int i = 0; i < 99; i++) {
      others.add(a.acquire());
    }
    assertThat(others).hasSize(99).doesNotContain(first);
    assertThat(a.acquire()).as("nothing else free: the cooling pair rather than a refusal").isEqualTo(first);
    assertThat(a.acquire()).isEqualTo(-1);
    assertThat(a.inUse()).isEqualTo(100);
  }

  @Test
  void aPairCooledByEnoughLaterReleasesIsFreeAgain() {
    PortAllocator a = new PortAllocator(40000, 40199, new Random(2));
    List<Integer> held = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      held.add(a.acquire());
    }
    for (int p : held) {
      a.release(p); // 30 releases: the first 5 rejoin the free pairs
    }
    Set<Integer> next = new HashSet<>();
    for (int i = 0; i < 75; i++) {
      next.add(a.acquire());
    }
    assertThat(next).hasSize(75).containsAll(held.subList(0, 5)).doesNotContainAnyElementsOf(held.subList(5, 30));
  }

  @Test
  void aSmallRangeIsUsedUpAndRefusesThen() {
    PortAllocator a = new PortAllocator(20000, 20005, new Random(3)); // 3 pairs: too few to cool any
    Set<Integer> got = new HashSet<>(List.of(a.acquire(), a.acquire(), a.acquire()));
    assertThat(got).containsExactlyInAnyOrder(20000, 20002, 20004);
    assertThat(a.acquire()).isEqualTo(-1);
    a.release(20002);
    a.release(20002); // twice, or a port never handed out: ignored
    a.release(20001);
    a.release(30000);
    assertThat(a.inUse()).isEqualTo(2);
    assertThat(a.acquire()).isEqualTo(20002);
    assertThat(a.capacity()).isEqualTo(3);
    assertThatThrownBy(() -> new PortAllocator(20001, 20010)).isInstanceOf(IllegalArgumentException.class);
  }
}
