package io.switchboard.directory;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** Teams: {@code {"id","name","description","goals"}}; goals as in {@link Goals#people}. */
final class TeamSchema implements Schema {
  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    JsonObject goals = Goals.people(in);
    JsonObject doc = new JsonObject().put("id", id).put("name", name).put("description", description)
        .put("goals", goals);
    return new Normalized(id, doc, List.of(), null, null);
  }
}
