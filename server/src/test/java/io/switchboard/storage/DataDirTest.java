package io.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only directories, one holder at a time (another process: DataDirRestartIT). */
class DataDirTest {

  @Test
  void createsTheDirectoryAndItsParentsOwnerOnlyAndEachStoreASubdirectory(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("home/.switchboard/data");
    try (DataDir dir = DataDir.open(root)) {
      assertThat(dir.root()).isEqualTo(root);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.getParent())))
          .as("a parent made here holds it too").isEqualTo("rwx------");
      Path redis = dir.subdirectory("redis");
      assertThat(redis).isEqualTo(root.resolve("redis"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(redis))).isEqualTo("rwx------");
      assertThat(dir.subdirectory("redis")).as("again: the same, nothing thrown").isEqualTo(redis);
      assertThat(Files.readString(root.resolve(DataDir.LOCK_FILE)).trim())
          .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
      assertThatThrownBy(() -> dir.subdirectory("../elsewhere")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anExistingDirectoryOpenToOthersIsTightened(@TempDir Path tmp) throws Exception {
    Path root = Files.createDirectory(tmp.resolve("data"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (DataDir dir = DataDir.open(root)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
    }
  }

  @Test
  void aSecondHolderIsRefusedWithAMessageThatSaysWhatToDoUntilTheFirstLetsGo(@TempDir Path tmp) {
    Path root = tmp.resolve("data");
    DataDir first = DataDir.open(root);
    assertThatThrownBy(() -> DataDir.open(root)).isInstanceOf(DataDir.DataDirException.class)
        .hasMessageContaining("data directory " + root + " is in use by another Switchboard node")
        .hasMessageContaining("pid " + ProcessHandle.current().pid())
        .hasMessageContaining("SWITCHBOARD_DATA_DIR");
    first.close();
    first.close();
    try (DataDir again = DataDir.open(root)) {
      assertThat(again.root()).isEqualTo(root);
    }
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsNamed(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("data"), "x");
    assertThatThrownBy(() -> DataDir.open(file)).isInstanceOf(DataDir.DataDirException.class)
        .hasMessageContaining("data directory " + file + " is a file, not a directory");
  }
}
