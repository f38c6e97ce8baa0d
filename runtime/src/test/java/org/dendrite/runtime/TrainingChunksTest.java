package org.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingChunksTest {
  @Test
  void chunksHoldWhatFitsTheBudgetAndAtLeastOneSample() {
    assertEquals(TrainingChunks.BYTES / 4, TrainingChunks.forSample(1));
    assertEquals(37, TrainingChunks.forSample(110_836)); // keras-convnet's buffers a sample
    long one = TrainingChunks.BYTES / 4;
    assertEquals(1, TrainingChunks.forSample(one));
    assertEquals(1, TrainingChunks.forSample(one + 1)); // larger than the budget: still one
    assertEquals(1, TrainingChunks.forSample(Long.MAX_VALUE));
  }

  @Test
  void aSampleWithoutBuffersIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TrainingChunks.forSample(0));
    assertThrows(IllegalArgumentException.class, () -> TrainingChunks.forSample(-5));
  }
}
