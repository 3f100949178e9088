package io.switchboard.directory;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** Skills: {@code {"id","name","description"}}. */
final class NamedSchema implements Schema {
  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    JsonObject doc = new JsonObject().put("id", id).put("name", name).put("description", description);
    return new Normalized(id, doc, List.of(), null, null);
  }
}
