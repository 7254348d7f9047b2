package io.faultline.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlarmIdTest {
  @Test
  void newIdsAreUuidStringsThatSortInTheOrderTheyWereMade() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(AlarmId.next().value());
    }

    for (String id : made) {
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(uuid.version()).isEqualTo(7);
    }
    // Index keys append: a later id sorts after every earlier one, as strings and as stored.
    assertThat(made).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void historyEntriesGetTimeOrderedIdsToo() {
    String first = TimeOrderedIds.next();
    String second = TimeOrderedIds.next();

    assertThat(UUID.fromString(first).version()).isEqualTo(7);
    assertThat(second).isGreaterThan(first);
  }
}
