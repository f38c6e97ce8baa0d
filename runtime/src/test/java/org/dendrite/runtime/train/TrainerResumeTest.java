package org.dendrite.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.runtime.callback.CsvLogger;
import org.dendrite.runtime.callback.EarlyStopping;
import org.dendrite.runtime.callback.ModelCheckpoint;
import org.dendrite.runtime.callback.ReduceLROnPlateau;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.io.SafeTensors;
import org.dendrite.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What resuming does besides continuing exactly (the samples' ResumeWithCallbacksTest checks
 * that): callbacks matched to their saved state, state that does not fit refused with the file's
 * name, checkpoints only between epochs, a finished run's checkpoint.
 */
class TrainerResumeTest {
  @TempDir Path dir;

  private final Dataset data = TrainerTest.separable(1);

  private Trainer.Builder builder(LogisticRegression model, int epochs) {
    return Trainer.builder(model).optimizer(new Sgd(0.5f)).epochs(epochs).batchSize(20).seed(1)
        .threads(1);
  }

  private static ReduceLROnPlateau plateau() {
    return ReduceLROnPlateau.builder().monitor("loss").patience(1).minDelta(10).build();
  }

  /** Runs {@code r} and returns what it printed on standard error. */
  private static String stderr(IoRunnable r) throws IOException {
    PrintStream saved = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(saved);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  interface IoRunnable {
    void run() throws IOException;
  }

  @Test
  void callbacksFindTheirStateByClassAndRankAndStrayStateIsReported() throws IOException {
    Path file = dir.resolve("e{epoch}.safetensors");
    ReduceLROnPlateau first = plateau();
    builder(new LogisticRegression(0f, 0f, 0f), 4).callback(new ModelCheckpoint(file))
        .callback(first).build().fit(data);
    assertTrue(first.reductions() >= 1, "nothing to carry over");
    Path two = dir.resolve("e2.safetensors");

    // Another callback in front shifts nobody: the plateau is still ReduceLROnPlateau#0.
    ReduceLROnPlateau again = plateau();
    String quiet = stderr(() -> builder(new LogisticRegression(0f, 0f, 0f), 4)
        .callback(EarlyStopping.builder().monitor("loss").patience(9).build())
        .callback(again).build().resume(two, data, null));
    assertEquals("Warning: " + two + " holds no state of "
        + EarlyStopping.class.getName() + "#0, which starts afresh\n", quiet);
    assertEquals(first.reductions(), again.reductions(), "the reductions of all four epochs");

    String stray = stderr(() -> builder(new LogisticRegression(0f, 0f, 0f), 4).build()
        .resume(two, data, null));
    assertEquals("Warning: " + two + " holds the state of "
        + ReduceLROnPlateau.class.getName() + "#0, which this trainer has no callback for; it"
        + " is ignored\n", stray);
  }

  @Test
  void stateACallbackRefusesNamesTheFileAndTheCallback() throws IOException {
    Path file = dir.resolve("c.safetensors");
    builder(new LogisticRegression(0f, 0f, 0f), 2).callback(new ModelCheckpoint(file))
        .callback(plateau()).build().fit(data);
    SafeTensors.Contents c = SafeTensors.read(file);
    Map<String, String> meta = new LinkedHashMap<>(c.metadata());
    String key = "dendrite.trainer." + ReduceLROnPlateau.class.getName() + "#0.wait";
    assertTrue(meta.containsKey(key), meta.toString());
    meta.put(key, "-3");
    SafeTensors.write(file, List.copyOf(c.tensors().values()), meta);
    IOException e = assertThrows(IOException.class, () -> builder(
        new LogisticRegression(0f, 0f, 0f), 3).callback(plateau()).build()
        .resume(file, data, null));
    assertEquals(file + ": cannot restore the state of " + ReduceLROnPlateau.class.getName()
        + "#0: wait -3, cooldown 0 and reductions 1 cannot be negative", e.getMessage());
  }

  @Test
  void checkpointsAreWrittenOnlyBetweenEpochs() {
    Callback midEpoch = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext context, int batch, BatchLogs logs) {
        try {
          context.saveCheckpoint(dir.resolve("mid.safetensors"));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> builder(new LogisticRegression(0f, 0f, 0f), 1).callback(midEpoch).build()
            .fit(data));
    assertTrue(e.getMessage().startsWith("a checkpoint is written between epochs"),
        e.getMessage());
  }

  /**
   * A checkpoint of a run that was stopping (or at its last epoch) resumes to no epoch at all,
   * only onTrainEnd, as the uninterrupted run ended: EarlyStopping puts the best weights back.
   */
  @Test
  void aStoppedRunsCheckpointOnlyEndsTheRun() throws IOException {
    Path file = dir.resolve("e{epoch}.safetensors");
    LogisticRegression straight = new LogisticRegression(0f, 0f, 0f);
    List<float[]> weights = new ArrayList<>();
    EarlyStopping stop = EarlyStopping.builder().monitor("loss").minDelta(10).patience(1)
        .restoreBestWeights(true).build();
    builder(straight, 10).callback(new ModelCheckpoint(file)).callback(stop)
        .callback(new Callback() {
          @Override
          public void afterEpoch(TrainingContext context, EpochResult result) {
            weights.add(context.model().parameters().clone());
          }
        }).build().fit(data);
    assertEquals(1, stop.stoppedEpoch(), "stops after the second epoch");
    assertArrayEquals(weights.get(0), straight.parameters(), "the first epoch's weights back");

    LogisticRegression resumed = new LogisticRegression(0f, 0f, 0f);
    EarlyStopping again = EarlyStopping.builder().monitor("loss").minDelta(10).patience(1)
        .restoreBestWeights(true).build();
    History h = builder(resumed, 10).callback(again).build()
        .resume(dir.resolve("e2.safetensors"), data, null);
    assertEquals(0, h.epochs().size());
    assertEquals(1, again.stoppedEpoch());
    assertArrayEquals(straight.parameters(), resumed.parameters());
  }

  @Test
  void aCheckpointPastTheLastEpochIsRefused() throws IOException {
    Path file = dir.resolve("e{epoch}.safetensors");
    builder(new LogisticRegression(0f, 0f, 0f), 3).callback(new ModelCheckpoint(file)).build()
        .fit(data);
    Path three = dir.resolve("e3.safetensors");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder(new LogisticRegression(0f, 0f, 0f), 2).build().resume(three, data, null));
    assertEquals(three + " ends at epoch 3, past this trainer's last (2)", e.getMessage());
  }

  /**
   * An appending CsvLogger after a resume: the earlier runs' rows stay, the rows the interrupted
   * run wrote after the checkpoint are not doubled, and the file ends as the uninterrupted one.
   */
  @Test
  void anAppendingCsvLogIsCutBackToTheCheckpoint() throws IOException {
    Path csv = dir.resolve("log.csv");
    String earlier = "epoch,loss,accuracy,learning_rate\n0,0.9,0.5,0.5\n";
    java.nio.file.Files.writeString(csv, earlier);
    Path file = dir.resolve("e{epoch}.safetensors");
    builder(new LogisticRegression(0f, 0f, 0f), 4).callback(new ModelCheckpoint(file))
        .callback(new CsvLogger(csv, ',', true)).build().fit(data);
    String straight = java.nio.file.Files.readString(csv);
    assertEquals(earlier, straight.substring(0, earlier.length()));
    assertEquals(1 + 1 + 4, straight.split("\n").length, straight);
    for (int k = 1; k <= 4; k++) {
      java.nio.file.Files.writeString(csv, straight);
      builder(new LogisticRegression(0f, 0f, 0f), 4).callback(new CsvLogger(csv, ',', true))
          .build().resume(dir.resolve("e" + k + ".safetensors"), data, null);
      assertEquals(straight, java.nio.file.Files.readString(csv), "resumed after epoch " + k);
    }
    java.nio.file.Files.writeString(csv, "epoch,loss\n");
    IOException e = assertThrows(IOException.class, () -> builder(
        new LogisticRegression(0f, 0f, 0f), 4).callback(new CsvLogger(csv, ',', true)).build()
        .resume(dir.resolve("e2.safetensors"), data, null));
    assertTrue(e.getMessage().endsWith("the checkpointed fit appended to " + csv + " after its"
        + " first " + earlier.length() + " bytes, but it now holds 11"), e.getMessage());
  }
}
