package org.dendrite.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.WeightFiles;
import org.dendrite.runtime.io.SafeTensors;
import org.dendrite.runtime.optim.Optimizer;

/**
 * A training checkpoint: the model's weights, the optimizer's state tensors and step count, the
 * epoch just finished and the seeds. Every random choice of training (shuffles, dropout masks) is
 * a function of those seeds, the epoch and the step, so a run resumed from a checkpoint computes
 * the same weights, bit for bit, as an uninterrupted one with the same thread count.
 *
 * <p>It is a safetensors file: the weights under their usual names (so {@link
 * WeightFiles#load} reads a checkpoint too), the optimizer state as {@code optimizer/<name>}, the
 * rest in the metadata; a trainer's own state (its callbacks') as {@code trainer/<name>} tensors
 * and {@code dendrite.trainer.<name>} metadata. Writes are atomic.
 *
 * @param epoch the epoch completed (counted from 0)
 * @param iterations the optimizer's step count
 * @param learningRate the optimizer's learning rate at the checkpoint
 * @param trainerSeed the seed of the trainer's shuffles
 * @param modelSeed the seed of the model (it keys the dropout masks)
 * @param trainer the trainer's own state ({@link TrainerState#NONE} if it saved none)
 */
public record Checkpoint(int epoch, long iterations, float learningRate, long trainerSeed,
    long modelSeed, TrainerState trainer) {
  static final String PREFIX = "optimizer/";
  static final String TRAINER_PREFIX = "trainer/";
  static final String TRAINER_METADATA = "dendrite.trainer.";
  static final String STOPPED = "dendrite.checkpoint.stopped";
  static final String EPOCH = "dendrite.checkpoint.epoch";
  static final String ITERATIONS = "dendrite.checkpoint.iterations";
  static final String LEARNING_RATE = "dendrite.checkpoint.learning_rate";
  static final String TRAINER_SEED = "dendrite.checkpoint.trainer_seed";
  static final String MODEL_SEED = "dendrite.checkpoint.model_seed";
  static final String OPTIMIZER = "dendrite.checkpoint.optimizer";

  /** Writes a checkpoint of {@code model} and {@code optimizer} after {@code epoch}. */
  public static void save(Path file, Model model, Optimizer optimizer, int epoch,
      long trainerSeed) throws IOException {
    save(file, model, optimizer, epoch, trainerSeed, TrainerState.NONE);
  }

  /**
   * Writes a checkpoint of {@code model}, {@code optimizer} and a trainer's {@code state} after
   * {@code epoch}.
   */
  public static void save(Path file, Model model, Optimizer optimizer, int epoch,
      long trainerSeed, TrainerState state) throws IOException {
    List<SafeTensors.Tensor> tensors = new ArrayList<>(WeightFiles.tensors(model));
    for (Map.Entry<String, float[]> e : optimizer.state().entrySet()) {
      float[] v = e.getValue();
      tensors.add(new SafeTensors.Tensor(PREFIX + e.getKey(), new int[] {v.length}, v.clone()));
    }
    for (Map.Entry<String, float[]> e : state.arrays().entrySet()) {
      float[] v = e.getValue();
      tensors.add(new SafeTensors.Tensor(TRAINER_PREFIX + e.getKey(), new int[] {v.length}, v));
    }
    Map<String, String> meta = WeightFiles.metadata(model);
    meta.put(EPOCH, Integer.toString(epoch));
    meta.put(ITERATIONS, Long.toString(optimizer.iterations()));
    meta.put(LEARNING_RATE, Float.toString(optimizer.learningRate()));
    meta.put(TRAINER_SEED, Long.toString(trainerSeed));
    meta.put(MODEL_SEED, Long.toString(model.seed()));
    meta.put(OPTIMIZER, optimizer.getClass().getName());
    meta.put(STOPPED, Boolean.toString(state.stopped()));
    for (Map.Entry<String, String> e : state.values().entrySet()) {
      meta.put(TRAINER_METADATA + e.getKey(), e.getValue());
    }
    SafeTensors.write(file, tensors, meta);
  }

  /**
   * Restores {@code model} and {@code optimizer} from {@code file}; on any error neither is
   * changed. The checks come in the order a user can act on them: a checkpoint at all, of this
   * architecture, of this kind of optimizer, of a model created with this seed.
   *
   * @throws IOException if the file is not a valid checkpoint of this model's architecture and
   *     this kind of optimizer (the message names the tensors and shapes that differ), or the
   *     model was created with another seed (dropout masks would differ)
   */
  public static Checkpoint restore(Path file, Model model, Optimizer optimizer)
      throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> meta = contents.metadata();
    String kind = meta.get(OPTIMIZER);
    if (kind == null || meta.get(EPOCH) == null) {
      throw new IOException(file + " is a weight file, not a checkpoint: it has no training state");
    }
    List<float[]> weights = WeightFiles.fit(model, file, contents);
    if (!kind.equals(optimizer.getClass().getName())) {
      throw new IOException(file + " holds the state of a " + kind + ", not of a "
          + optimizer.getClass().getName());
    }
    Checkpoint c;
    try {
      c = new Checkpoint(Integer.parseInt(meta.get(EPOCH)), Long.parseLong(meta.get(ITERATIONS)),
          Float.parseFloat(meta.get(LEARNING_RATE)), Long.parseLong(meta.get(TRAINER_SEED)),
          Long.parseLong(meta.get(MODEL_SEED)), trainerState(contents));
    } catch (NullPointerException | NumberFormatException e) {
      throw new IOException(file + ": corrupt checkpoint metadata: " + e.getMessage(), e);
    }
    if (c.epoch() < 0 || c.iterations() < 0 || !(c.learningRate() > 0)
        || Float.isInfinite(c.learningRate())) {
      throw new IOException(file + ": corrupt checkpoint metadata: epoch " + c.epoch()
          + ", iterations " + c.iterations() + ", learning rate " + c.learningRate());
    }
    if (c.modelSeed() != model.seed()) {
      throw new IOException(file + " was written by a model created with seed " + c.modelSeed()
          + "; this one has seed " + model.seed() + ", so its dropout masks would differ."
          + " Create the model with that seed.");
    }
    optimizer.prepare(model.parameterCount());
    Map<String, float[]> state = optimizer.state();
    for (Map.Entry<String, float[]> e : state.entrySet()) {
      SafeTensors.Tensor t = contents.tensors().get(PREFIX + e.getKey());
      if (t == null || t.data().length != e.getValue().length) {
        throw new IOException(file + ": optimizer state '" + e.getKey() + "' of "
            + e.getValue().length + " values is " + (t == null ? "missing"
            : "of another size: " + Arrays.toString(t.shape())));
      }
    }
    WeightFiles.copy(model, weights);
    for (Map.Entry<String, float[]> e : state.entrySet()) {
      float[] v = contents.tensors().get(PREFIX + e.getKey()).data();
      System.arraycopy(v, 0, e.getValue(), 0, v.length);
    }
    optimizer.restoreIterations(c.iterations());
    if (!optimizer.scheduled()) {
      // A constant rate as saved: a callback may have changed it. Schedules recompute theirs.
      optimizer.setLearningRate(c.learningRate());
    }
    return c;
  }

  /** The trainer's state in a checkpoint's tensors and metadata (none in older checkpoints). */
  private static TrainerState trainerState(SafeTensors.Contents contents) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : contents.metadata().entrySet()) {
      if (e.getKey().startsWith(TRAINER_METADATA)) {
        values.put(e.getKey().substring(TRAINER_METADATA.length()), e.getValue());
      }
    }
    Map<String, float[]> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, SafeTensors.Tensor> e : contents.tensors().entrySet()) {
      if (e.getKey().startsWith(TRAINER_PREFIX)) {
        arrays.put(e.getKey().substring(TRAINER_PREFIX.length()), e.getValue().data());
      }
    }
    String stopped = contents.metadata().getOrDefault(STOPPED, "false");
    if (!stopped.equals("true") && !stopped.equals("false")) {
      throw new NumberFormatException(STOPPED + " is '" + stopped + "', not true or false");
    }
    return new TrainerState(stopped.equals("true"), values, arrays);
  }
}
