package io.switchboard.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory store: header in place + chunks appended, byte ranges, delete, and keys that cannot escape it. */
class LocalRecordingStoreTest {
  @TempDir
  Path dir;

  @Test
  void chunksAppendTheHeaderIsRewrittenRangesReadBack() throws Exception {
    LocalRecordingStore store = new LocalRecordingStore(dir);
    String key = "acme/2026/12/06/rec-1.wav";
    assertThat(store.size(key)).isEqualTo(-1);
    try (RecordingStore.Upload u = store.create(key)) {
      u.put(new byte[] {1, 2, 3, 4}, WavHeader.of(4));
      assertThat(store.size(key)).isEqualTo(48);
      u.put(new byte[] {5, 6, 7, 8}, WavHeader.of(8));
      assertThat(u.bytes()).isEqualTo(52);
      u.finish();
    }
    byte[] file = Files.readAllBytes(dir.resolve(key));
    assertThat(file).hasSize(52);
    assertThat(java.util.Arrays.copyOf(file, 44)).isEqualTo(WavHeader.of(8));
    try (InputStream in = store.open(key, 45, 3)) {
      assertThat(in.readAllBytes()).containsExactly(2, 3, 4);
    }
    assertThatThrownBy(() -> store.create(key)).as("never overwritten").isInstanceOf(java.io.IOException.class);
    store.delete(key);
    store.delete(key);
    assertThat(store.size(key)).isEqualTo(-1);
  }

  @Test
  void keysStayInsideTheDirectory() throws Exception {
    LocalRecordingStore store = new LocalRecordingStore(dir);
    for (String bad : new String[] {"../x.wav", "/etc/passwd", "acme/../../x.wav", "acme//x.wav", "", "acme/.x"}) {
      assertThatThrownBy(() -> store.size(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
