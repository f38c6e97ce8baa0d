package org.dendrite.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static EpochResult epoch(int e, double loss) {
    return new EpochResult(e, Map.of("loss", loss), 1.0, 10);
  }

  @Test
  void addAppendsInOrder() {
    History h = new History();
    h.add(epoch(0, 0.9));
    h.add(epoch(2, 0.5)); // a resumed run may skip epochs
    assertEquals(List.of(0.9, 0.5), h.get("loss"));
    assertEquals(2, h.last().epoch());
  }

  @Test
  void addRefusesAnEpochThatDoesNotComeAfterTheLast() {
    History h = new History();
    h.add(epoch(1, 0.9));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> h.add(epoch(1, 0.8)));
    assertEquals("epoch 1 does not come after epoch 1, the last in this history", e.getMessage());
    assertThrows(NullPointerException.class, () -> h.add(null));
    assertEquals(1, h.epochs().size());
  }
}
