package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.Evaluation;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.Test;

/**
 * The network of {@code src/main/nn/fashion_small.nn}, which the build compiled with the .nn
 * Maven plugin: it has the declared shape, trains, and predicts. {@link ReadmeFiguresTest} runs
 * the {@code fashion-small} sample that trains it in full.
 */
class FashionSmallTest {
  @Test
  void declaredShape() {
    CompiledFashionSmall model = new CompiledFashionSmall(1);
    assertEquals(784, CompiledFashionSmall.INPUT_SIZE);
    assertEquals(10, CompiledFashionSmall.OUTPUT_SIZE);
    assertEquals(784 * 128 + 128 + 128 * 10 + 10, model.parameterCount());
    assertEquals("FashionSmall", model.name());
    assertEquals(3, model.layers().size());
    assertArrayEquals(new int[] {784, 128}, model.hidden.kernel().shape());
  }

  @Test
  void trainsBrieflyAndPredicts() throws IOException {
    FashionMnist data = FashionMnist.load();
    Dataset train = data.train().slice(0, 6000);
    Dataset test = data.test().slice(0, 2000);
    CompiledFashionSmall model = new CompiledFashionSmall(42);
    Trainer trainer = Trainer.builder(model).optimizer(new Adam(1e-3f)).epochs(2).batchSize(32)
        .seed(42).build();
    trainer.fit(train);
    Evaluation evaluation = trainer.evaluate(test);
    assertTrue(evaluation.accuracy() >= 0.70, "test accuracy after 2 epochs on 6,000: "
        + evaluation);
    float[] probabilities = model.predict(test.feature(0));
    assertEquals(10, probabilities.length);
    float sum = 0;
    for (float p : probabilities) {
      assertTrue(p >= 0 && p <= 1, "probability " + p);
      sum += p;
    }
    assertEquals(1f, sum, 1e-4f);
  }
}
