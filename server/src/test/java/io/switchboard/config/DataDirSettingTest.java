package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.dir: under the home by default, the working directory when the home cannot be written, empty keeps nothing. */
class DataDirSettingTest {
  static final String DEFAULT = "~/.switchboard/data";

  @Test
  void theDefaultIsUnderTheHomeNotATempDirectory() {
    SwitchboardConfig c = SwitchboardConfig.from(Settings.reference(), java.util.List::of);
    Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
    if (Files.isWritable(home)) {
      assertThat(c.dataDir()).contains(home.resolve(".switchboard/data"));
    } else {
      assertThat(c.dataDir()).contains(Path.of("switchboard-data").toAbsolutePath());
    }
    assertThat(Settings.reference().string("data.dir")).isEqualTo(DEFAULT);
  }

  @Test
  void tildeIsTheHomeARelativePathTheWorkingDirectoryAndEmptyKeepsNothing(@TempDir Path tmp) {
    Path home = tmp.resolve("home");
    Path work = tmp.resolve("work");
    assertThat(resolve(DEFAULT, home, work)).as("home missing: default falls back")
        .contains(work.resolve("switchboard-data"));
    home.toFile().mkdirs();
    assertThat(resolve(DEFAULT, home, work)).contains(home.resolve(".switchboard/data"));
    assertThat(resolve("~", home, work)).contains(home);
    assertThat(resolve("~/x/../y", home, work)).contains(home.resolve("y"));
    assertThat(resolve("data", home, work)).contains(work.resolve("data"));
    assertThat(resolve("/srv/switchboard", home, work)).contains(Path.of("/srv/switchboard"));
    assertThat(resolve("", home, work)).isEmpty();
    assertThat(resolve("  ", home, work)).isEmpty();
  }

  @Test
  void onlyTheDefaultFallsBackWhenTheHomeCannotBeWritten(@TempDir Path tmp) throws Exception {
    Path homeIsAFile = Files.writeString(tmp.resolve("home"), "not a directory");
    Path work = tmp.resolve("work");
    assertThat(resolve(DEFAULT, homeIsAFile, work)).contains(work.resolve("switchboard-data"));
    assertThat(resolve("~/mine", homeIsAFile, work)).as("an explicit path is used as given: the node says why not")
        .contains(homeIsAFile.resolve("mine"));
    Path home = Files.createDirectory(tmp.resolve("home2"));
    Files.writeString(home.resolve(".switchboard"), "a file where the directory would go");
    assertThat(resolve(DEFAULT, home, work)).contains(work.resolve("switchboard-data"));
  }

  @Test
  void withoutAKnownHomeTheDefaultFallsBackAndAnExplicitTildeIsRefused(@TempDir Path work) {
    assertThat(DataDirSetting.resolve(DEFAULT, DEFAULT, "?", work)).contains(work.resolve("switchboard-data"));
    assertThat(DataDirSetting.resolve(DEFAULT, DEFAULT, "", work)).contains(work.resolve("switchboard-data"));
    assertThatThrownBy(() -> DataDirSetting.resolve("~/mine", DEFAULT, "?", work))
        .isInstanceOf(ConfigException.class).hasMessageContaining("data.dir");
  }

  @Test
  void theEnvironmentVariableIsSwitchboardDataDir(@TempDir Path tmp) {
    SwitchboardConfig c = SwitchboardConfig.from(Settings.load(
        Map.of("SWITCHBOARD_DATA_DIR", tmp.resolve("d").toString()), new String[0]));
    assertThat(c.dataDir()).contains(tmp.resolve("d"));
    assertThat(SwitchboardConfig.from(Settings.of(Map.of("data.dir", ""))).dataDir()).isEmpty();
    assertThat(c.toString()).contains("dataDir=" + tmp.resolve("d"));
  }

  private static Optional<Path> resolve(String value, Path home, Path work) {
    return DataDirSetting.resolve(value, DEFAULT, home.toString(), work);
  }
}
