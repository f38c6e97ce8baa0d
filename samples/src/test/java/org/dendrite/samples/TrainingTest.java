package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.dendrite.runtime.Evaluation;
import org.dendrite.runtime.History;
import org.dendrite.runtime.Trainer;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.optim.Adam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Networks compiled by javac with the processor, trained end to end. */
class TrainingTest {
  static FashionMnist data;

  @BeforeAll
  static void load() throws IOException {
    data = FashionMnist.load();
  }

  @Test
  void xorIsLearned() {
    float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
    float[] y = {0, 1, 1, 0};
    CompiledXor model = new CompiledXor(3);
    Trainer trainer = Trainer.builder(model).optimizer(new Adam(0.05f)).epochs(300)
        .batchSize(4).seed(1).threads(1).build();
    History h = trainer.fit(Dataset.of(x, 2, y, 1));
    assertEquals(1.0, trainer.evaluate(Dataset.of(x, 2, y, 1)).accuracy(), h.last().toString());
    for (int i = 0; i < 4; i++) {
      float p = model.predict(new float[] {x[2 * i], x[2 * i + 1]})[0];
      assertTrue(Math.abs(p - y[i]) < 0.1, "XOR(" + x[2 * i] + ", " + x[2 * i + 1] + ") = " + p);
    }
  }

  @Test
  void oneFashionEpochReachesEightyPercent() {
    CompiledFashionMlp model = new CompiledFashionMlp(42);
    Trainer trainer = Trainer.builder(model).optimizer(new Adam(1e-3f)).epochs(1).batchSize(32)
        .seed(42).build();
    trainer.fit(data.train());
    Evaluation test = trainer.evaluate(data.test());
    assertTrue(test.accuracy() >= 0.80, "test accuracy after one epoch: " + test);
  }

  @Test
  void sameSeedAndThreadsGiveBitIdenticalWeights() {
    Dataset subset = data.train().slice(0, 3000);
    float[] first = train(subset, 2);
    float[] second = train(subset, 2);
    assertArrayEquals(first, second, "two runs with seed 7 and 2 threads differ");
    float[] single = train(subset, 1);
    assertEquals(first.length, single.length);
  }

  static float[] train(Dataset d, int threads) {
    CompiledFashionMlp model = new CompiledFashionMlp(7);
    Trainer.builder(model).optimizer(new Adam(1e-3f)).epochs(2).batchSize(32).seed(7)
        .threads(threads).build().fit(d);
    return model.parameters().clone();
  }
}
