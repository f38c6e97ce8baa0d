package org.dendrite.runtime.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.Test;

/** LearningRateScheduler against the cases of Keras' learning_rate_scheduler_test.py. */
class LearningRateSchedulerTest {
  static Dataset line() {
    int n = 16;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i / (float) n;
      y[i] = 2 * x[i];
    }
    return Dataset.of(x, 1, y, 1);
  }

  static Trainer.Builder trainer(float lr, int epochs) {
    return Trainer.builder(Fakes.linearRegression(0f, 0f)).optimizer(new Sgd(lr)).epochs(epochs)
        .batchSize(4).seed(1).threads(1);
  }

  @Test
  void anEpochScheduleSetsTheRateAndSaysSo() {
    // Keras: LearningRateScheduler(lambda step: 1.0 / (2.0 + step), verbose=1), one epoch -> 0.5.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> 1.0 / (2.0 + epoch),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Trainer t = trainer(0.01f, 1).callback(s).build();
    t.fit(line());
    assertEquals(0.5f, t.optimizer().learningRate());
    assertEquals("Epoch 1: LearningRateScheduler setting learning rate to 0.5.",
        bytes.toString(StandardCharsets.UTF_8).trim());
  }

  @Test
  void aScheduleOfThePreviousRate() {
    // Keras: lambda epoch, lr: lr / 2 from 0.03 over 2 epochs -> 0.03 / 4.
    Trainer t = trainer(0.03f, 2).callback(new LearningRateScheduler((e, lr) -> lr / 2)).build();
    t.fit(line());
    assertEquals(0.03f / 4, t.optimizer().learningRate(), 1e-9f);
  }

  @Test
  void theHistoryLogsTheScheduledRate() {
    // Keras: lambda epoch, lr: 0.5 -> history["learning_rate"][0] == 0.5.
    History h = trainer(0.01f, 3).callback(LearningRateScheduler.ofEpoch(e -> 0.5 / (1 << e)))
        .build().fit(line());
    assertEquals(List.of(0.5, 0.25, 0.125), h.get("learning_rate"));
  }

  @Test
  void anInvalidRateNamesTheEpoch() {
    LearningRateScheduler s = LearningRateScheduler.ofEpoch(e -> e == 1 ? 0.0 : 0.1);
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, 3, 1);
    s.onEpochBegin(run.context, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.onEpochBegin(run.context, 1));
    assertTrue(e.getMessage().contains("gave 0.0 for epoch 1"), e.getMessage());
    assertEquals(0.1f, run.optimizer.learningRate(), "the rate is unchanged");
  }

  @Test
  void anOptimizerWithAScheduleIsRefusedAsInKeras() {
    Sgd scheduled = new Sgd(step -> 0.1f / (1 + step), 0f, false);
    Trainer t = Trainer.builder(Fakes.linearRegression(0f, 0f)).optimizer(scheduled).epochs(1)
        .batchSize(4).seed(1).threads(1)
        .callback(new LearningRateScheduler((e, lr) -> 0.5)).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(line()));
    assertTrue(e.getMessage().startsWith("LearningRateScheduler sets the learning rate, but the "
        + "optimizer"), e.getMessage());
    assertTrue(e.getMessage().endsWith("follows a LearningRateSchedule; use one or the other"),
        e.getMessage());
    Trainer reduce = Trainer.builder(Fakes.linearRegression(0f, 0f)).optimizer(scheduled)
        .epochs(1).batchSize(4).seed(1).threads(1)
        .callback(ReduceLROnPlateau.builder().monitor("loss").build()).build();
    IllegalStateException r = assertThrows(IllegalStateException.class,
        () -> reduce.fit(line()));
    assertTrue(r.getMessage().startsWith("ReduceLROnPlateau sets the learning rate"),
        r.getMessage());
  }
}
