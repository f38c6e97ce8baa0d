package org.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingChunksTest {
  @Test
  void chunksHoldWhatFitsTheBudgetAndAtLeastOneSample() {
    assertEquals(TrainingChunks.BYTES / 4, TrainingChunks.forSample(1));
    assertEquals(9, TrainingChunks.forSample(110_836)); // keras-convnet's buffers a sample
    assertEquals(33, TrainingChunks.forSample(31_188)); // LeNet-5's
    long one = TrainingChunks.BYTES / 4;
    assertEquals(1, TrainingChunks.forSample(one));
    assertEquals(1, TrainingChunks.forSample(one + 1)); // larger than the budget: still one
    assertEquals(1, TrainingChunks.forSample(Long.MAX_VALUE));
  }

  @Test
  void sharesAreCutIntoAsFewChunksAsFitUnlessTheirGradientsWouldNot() {
    assertEquals(1, TrainingChunks.count(32, 37, 34_826, 1)); // keras-convnet, batch 32
    assertEquals(4, TrainingChunks.count(128, 37, 34_826, 1));
    assertEquals(2, TrainingChunks.count(64, 37, 34_826, 2));
    assertEquals(1, TrainingChunks.count(128, Integer.MAX_VALUE, 34_826, 1)); // a dense network
    assertEquals(128, TrainingChunks.count(128, 1, 1, 1));
    // 4 Mi floats of gradients: 10 arrays of 400,000 parameters, 5 per share on two threads.
    assertEquals(5, TrainingChunks.count(1000, 10, 400_000, 2));
    assertEquals(1, TrainingChunks.count(1000, 10, 40_000_000, 1)); // not even one more array
    assertThrows(IllegalArgumentException.class, () -> TrainingChunks.count(0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> TrainingChunks.count(1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> TrainingChunks.count(1, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> TrainingChunks.count(1, 1, 1, 0));
  }

  @Test
  void aSampleWithoutBuffersIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TrainingChunks.forSample(0));
    assertThrows(IllegalArgumentException.class, () -> TrainingChunks.forSample(-5));
  }
}
