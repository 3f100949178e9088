package io.switchboard.terraform.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.terraform.resources.PhoneNumberResource;
import io.switchboard.terraform.resources.QueueResource;
import io.switchboard.terraform.schema.AttrPath;
import io.switchboard.terraform.value.Unknown;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final ResourceType queue = new QueueResource();

  private Map<String, Object> queue(Map<String, Object> values) {
    return queue.schema().normalizeObject(values);
  }

  @Test
  void createLeavesUnconfiguredComputedAttributesUnknown() {
    Lifecycle.Plan p = Lifecycle.plan(queue, null, queue(Map.of("id", "support", "name", "Support", "priority", 5L)));
    assertThat(p.planned()).containsEntry("id", "support").containsEntry("priority", 5L)
        .containsEntry("strategy", Unknown.VALUE).containsEntry("version", Unknown.VALUE)
        .containsEntry("overflow_queue", null); // optional, not computed: null means none
    assertThat(p.requiresReplace()).isEmpty();
    assertThat(Lifecycle.plan(queue, null, queue(Map.of("name", "x"))).planned()).containsEntry("id", Unknown.VALUE);
  }

  @Test
  void unchangedObjectKeepsItsVersionAndChangedOneGetsANewOne() {
    Map<String, Object> prior = queue(Map.of("id", "support", "name", "Support", "priority", 5L, "version", 3L));
    assertThat(Lifecycle.plan(queue, prior, new LinkedHashMap<>(prior)).planned()).containsEntry("version", 3L);

    Map<String, Object> changed = new LinkedHashMap<>(prior);
    changed.put("priority", 6L);
    Lifecycle.Plan p = Lifecycle.plan(queue, prior, changed);
    assertThat(p.planned()).containsEntry("version", Unknown.VALUE).containsEntry("priority", 6L);
    assertThat(p.requiresReplace()).isEmpty();
  }

  @Test
  void newIdReplacesTheObjectAndDestroyPlansNull() {
    Map<String, Object> prior = queue(Map.of("id", "support", "name", "Support", "version", 3L));
    Map<String, Object> renamed = new LinkedHashMap<>(prior);
    renamed.put("id", "help");
    assertThat(Lifecycle.plan(queue, prior, renamed).requiresReplace()).containsExactly(AttrPath.ROOT.attr("id"));
    assertThat(Lifecycle.plan(queue, prior, null).planned()).isNull();
  }

  @Test
  void phoneNumberIdIsKnownAtPlanFromTheNumber() {
    ResourceType numbers = new PhoneNumberResource();
    Lifecycle.Plan p = Lifecycle.plan(numbers, null,
        numbers.schema().normalizeObject(Map.of("number", "+15550100", "queue", "support")));
    assertThat(p.planned()).containsEntry("id", "15550100");
  }

  @Test
  void unconfiguredNestedPartsAreUnknownUntilTheServerFillsThemIn() {
    Lifecycle.Plan p = Lifecycle.plan(queue, null,
        queue(Map.of("id", "support", "name", "Support", "service_level", Map.of("percent", 90L))));
    assertThat(p.planned().get("service_level")).isEqualTo(
        new LinkedHashMap<>(Map.of("percent", 90L, "seconds", Unknown.VALUE)));
  }
}
