package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dendrite.runtime.callback.CsvLogger;
import org.dendrite.runtime.callback.EarlyStopping;
import org.dendrite.runtime.callback.LearningRateScheduler;
import org.dendrite.runtime.callback.ModelCheckpoint;
import org.dendrite.runtime.callback.ReduceLROnPlateau;
import org.dendrite.runtime.callback.TerminateOnNaN;
import org.dendrite.runtime.callback.ThresholdStopping;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.io.SafeTensors;
import org.dendrite.runtime.optim.AdaGrad;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.optim.AdamW;
import org.dendrite.runtime.optim.Optimizer;
import org.dendrite.runtime.optim.RmsProp;
import org.dendrite.runtime.optim.Schedules;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.runtime.train.TrainingContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run with every stateful callback — ReduceLROnPlateau, EarlyStopping restoring the best
 * weights, a LearningRateScheduler, CsvLogger, ModelCheckpoint every epoch and best-only,
 * ThresholdStopping, TerminateOnNaN — checkpointed after every epoch and resumed from each of
 * those checkpoints, for every optimizer (and a scheduled one) on one and two threads: every
 * resumed epoch's logs and weights, the final weights, the CSV log and every later checkpoint
 * file are bit-identical to the uninterrupted run's.
 */
class ResumeWithCallbacksTest {
  static final int EPOCHS = 8;
  static Dataset train;
  static Dataset validation;

  @BeforeAll
  static void load() throws IOException {
    Dataset all = FashionMnist.load().train();
    train = all.slice(0, 1200);
    validation = all.slice(1200, 1500);
  }

  /** An optimizer and whether its rate may be set by callbacks (a schedule's may not). */
  record Setup(String name, Supplier<Optimizer> optimizer, boolean rateCallbacks) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> setups() {
    List<Setup> setups = List.of(
        new Setup("SGD, Nesterov momentum", () -> new Sgd(0.05f, 0.9f, true), true),
        new Setup("Adam, clipNorm", () -> new Adam(2e-3f).clipNorm(1f), true),
        new Setup("AdamW", () -> new AdamW(2e-3f, 0.01f), true),
        new Setup("AdaGrad", () -> new AdaGrad(0.05f), true),
        new Setup("RMSprop", () -> new RmsProp(1e-3f), true),
        new Setup("Adam, cosine schedule",
            () -> new Adam(Schedules.cosine(2e-3f, 200, 0.1f)), false));
    return setups.stream().flatMap(s -> Stream.of(Arguments.of(s, 1), Arguments.of(s, 2)));
  }

  /** What a run did: every epoch's logs and weights, the final weights, its callbacks. */
  static final class Run {
    final Path dir;
    final List<Map<String, Double>> logs = new ArrayList<>();
    final List<float[]> weights = new ArrayList<>();
    final CompiledDropoutMlp model = new CompiledDropoutMlp(5);
    ReduceLROnPlateau plateau;
    EarlyStopping early;
    Trainer trainer;

    Run(Path dir, Setup setup, int threads) throws IOException {
      this.dir = Files.createDirectories(dir);
      Trainer.Builder b = Trainer.builder(model).optimizer(setup.optimizer().get())
          .epochs(EPOCHS).batchSize(32).seed(11).threads(threads);
      if (setup.rateCallbacks()) {
        plateau = ReduceLROnPlateau.builder().monitor("val_loss").patience(1).factor(0.5)
            .minDelta(0.03).build();
        b.callback(plateau)
            .callback(new LearningRateScheduler((epoch, lr) -> epoch == 3 ? lr * 0.8 : lr));
      }
      // The checkpoint first: it writes after every callback's onEpochEnd whatever the order.
      b.callback(new ModelCheckpoint(dir.resolve("epoch-{epoch}.safetensors")));
      early = EarlyStopping.builder().monitor("val_loss").patience(2).minDelta(0.02)
          .restoreBestWeights(true).build();
      b.callback(early)
          .callback(new ModelCheckpoint(dir.resolve("best.safetensors")).monitor("val_accuracy")
              .saveBestOnly(true))
          .callback(new CsvLogger(dir.resolve("log.csv")))
          .callback(ThresholdStopping.below("loss", 0.01))
          .callback(new TerminateOnNaN())
          .callback(new Callback() {
            @Override
            public void afterEpoch(TrainingContext context, EpochResult result) {
              logs.add(result.logs());
              weights.add(context.model().parameters().clone());
            }
          });
      trainer = b.build();
    }
  }

  @ParameterizedTest(name = "{0}, {1} thread(s)")
  @MethodSource("setups")
  void resumingAfterEveryEpochIsBitIdentical(Setup setup, int threads, @TempDir Path dir)
      throws IOException {
    Run full = new Run(dir.resolve("full"), setup, threads);
    full.trainer.fit(train, validation);
    int ran = full.logs.size();
    assertTrue(ran >= 3, "the run stopped after " + ran + " epochs; nothing much to resume");
    if (setup.rateCallbacks()) {
      assertTrue(full.plateau.reductions() > 0, "ReduceLROnPlateau never acted: " + full.logs);
    }
    System.out.println(setup + ", " + threads + " thread(s): " + ran + " epochs, stopped by"
        + " EarlyStopping after epoch " + (full.early.stoppedEpoch() + 1) + " (0: not), best"
        + " epoch " + (full.early.bestEpoch() + 1) + ", learning rates "
        + full.logs.stream().map(l -> l.get("learning_rate")).toList());
    String csv = Files.readString(full.dir.resolve("log.csv"));
    for (int k = 1; k <= ran; k++) {
      String at = setup + ", " + threads + " thread(s), resumed after epoch " + k;
      Run resumed = new Run(dir.resolve("after-" + k), setup, threads);
      // The log as an interruption after the last epoch would leave it: rows past epoch k.
      Files.writeString(resumed.dir.resolve("log.csv"), csv);
      History rest = resumed.trainer.resume(full.dir.resolve("epoch-" + k + ".safetensors"),
          train, validation);
      assertEquals(ran - k, rest.epochs().size(), at);
      assertEquals(full.logs.subList(k, ran), resumed.logs, at + ": logs");
      for (int e = k; e < ran; e++) {
        assertArrayEquals(full.weights.get(e), resumed.weights.get(e - k),
            at + ": weights after epoch " + (e + 1));
        String name = "epoch-" + (e + 1) + ".safetensors";
        Path a = full.dir.resolve(name);
        Path b = resumed.dir.resolve(name);
        assertEquals(-1, Files.mismatch(a, b), at + ": " + name + " differs: " + diff(a, b));
      }
      assertArrayEquals(full.model.parameters(), resumed.model.parameters(),
          at + ": final weights (EarlyStopping's best restored)");
      assertEquals(csv, Files.readString(resumed.dir.resolve("log.csv")), at + ": CSV log");
      assertEquals(full.early.bestEpoch(), resumed.early.bestEpoch(), at + ": best epoch");
      assertEquals(full.early.stoppedEpoch(), resumed.early.stoppedEpoch(), at + ": stop");
      Path best = resumed.dir.resolve("best.safetensors");
      int bestEpoch = bestAccuracyEpoch(full.logs);
      if (bestEpoch >= k) {
        assertEquals(-1, Files.mismatch(full.dir.resolve("best.safetensors"), best),
            at + ": best.safetensors of epoch " + (bestEpoch + 1) + " differs");
      } else {
        assertFalse(Files.exists(best), at + ": nothing beat epoch " + (bestEpoch + 1)
            + "'s val_accuracy after the checkpoint, yet best.safetensors was written");
      }
    }
  }

  /** The metadata entries (callback states among them) in which two checkpoints differ. */
  static String diff(Path a, Path b) throws IOException {
    Map<String, String> x = SafeTensors.read(a).metadata();
    Map<String, String> y = SafeTensors.read(b).metadata();
    StringBuilder sb = new StringBuilder();
    Set<String> keys = new TreeSet<>(x.keySet());
    keys.addAll(y.keySet());
    for (String k : keys) {
      if (!Objects.equals(x.get(k), y.get(k))) {
        sb.append("\n  ").append(k).append(": ").append(x.get(k)).append(" vs ")
            .append(y.get(k));
      }
    }
    return sb.length() == 0 ? "the same metadata" : sb.toString();
  }

  /** The epoch (from 0) of the first highest validation accuracy. */
  private static int bestAccuracyEpoch(List<Map<String, Double>> logs) {
    int best = 0;
    for (int e = 1; e < logs.size(); e++) {
      if (logs.get(e).get("val_accuracy") > logs.get(best).get("val_accuracy")) {
        best = e;
      }
    }
    return best;
  }
}
