package io.switchboard.terraform.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every Terraform-against-a-live-node IT shares: one {@link LiveNode} for the class, and the real terraform CLI
 * in a working directory of its own under a temporary directory. Steps run in {@code @Order} and share both, so a
 * subclass reads as the life of one configuration (apply, an empty plan, changes, destroy).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class NodeUnderTerraform {
  private final String directory;
  protected LiveNode node;
  protected Terraform tf;
  /** The temporary directory holding {@link #tf}'s working directory, for more working directories. */
  protected Path work;

  /** @param directory the name of {@link #tf}'s working directory */
  protected NodeUnderTerraform(String directory) {
    this.directory = directory;
  }

  @BeforeAll
  void startNode(@TempDir Path work) throws Exception {
    Tools.require("terraform");
    this.work = work;
    node = LiveNode.start();
    tf = new Terraform(work.resolve(directory), node.endpoint(), node.serviceToken());
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }
}
