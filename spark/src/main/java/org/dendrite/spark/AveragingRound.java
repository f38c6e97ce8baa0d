package org.dendrite.spark;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.dendrite.runtime.optim.Optimizer;

/**
 * One epoch of model averaging on one partition, as {@code treeAggregate}'s sequence function:
 * starting from the round's broadcast weights and optimizer state, trains on the partition's
 * samples alone in mini-batches of the batch size, with an optimizer of its own, and returns its
 * final weights and optimizer state, weighted by its share of all samples, so that the sum over
 * partitions is their sample-weighted average.
 */
final class AveragingRound implements Function2<TreeSum, PartitionBlock, TreeSum> {
  private static final long serialVersionUID = 1L;

  /** The driver's weights and optimizer at the start of a round. */
  record Start(float[] weights, Map<String, float[]> state, long iterations, float learningRate,
      boolean scheduled) implements Serializable {}

  private final Broadcast<TrainingPlan> plan;
  private final Broadcast<Start> start;
  private final OptimizerFactory optimizers;
  private final int epoch;
  private final TaskHook hook;

  AveragingRound(Broadcast<TrainingPlan> plan, Broadcast<Start> start,
      OptimizerFactory optimizers, int epoch, TaskHook hook) {
    this.plan = plan;
    this.start = start;
    this.optimizers = optimizers;
    this.epoch = epoch;
    this.hook = hook;
  }

  /** The number of local steps partition {@code p} runs per round. */
  static int localSteps(TrainingPlan plan, int p) {
    return (plan.sizes[p] + plan.batchSize - 1) / plan.batchSize;
  }

  @Override
  public TreeSum call(TreeSum sum, PartitionBlock block) {
    if (hook != null) {
      hook.beforeTask(block.partition, epoch, 0);
    }
    TrainingPlan p = plan.value();
    TreeSum.Node node = new TreeSum.Node();
    if (block.size > 0) {
      Start s = start.value();
      TrainingWorker w = TrainingWorker.borrow(p, Math.min(p.batchSize, block.size));
      try {
        w.unload(); // this task changes the weights in place
        float[] params = w.model.parameters();
        System.arraycopy(s.weights(), 0, params, 0, params.length);
        Optimizer opt = optimizer(w, s, params.length);
        int[] order = w.order(block.partition, epoch);
        int batch = Math.min(p.batchSize, w.pass.capacity());
        long first = (long) block.partition * p.batchSize;
        int firstSample = first > Integer.MAX_VALUE / 2 ? 0 : (int) first;
        for (int from = 0; from < block.size; from += batch) {
          int count = Math.min(batch, block.size - from);
          w.gather(block, order, from, from + count);
          long iteration = opt.iterations();
          node.loss += w.pass.train(w.call.samples(w.inputs, 0, w.targets, 0, count)
              .gradients(w.gradient, 1f / count).at(iteration, firstSample));
          w.countCorrect(w.pass.outputs(), w.targets, 0, count, node);
          opt.step(params, w.gradient);
        }
        node.samples = block.size;
        node.values = weighted(params, opt.state(), (float) ((double) block.size / p.samples()));
      } finally {
        w.unload();
        w.release();
      }
    }
    return sum.merge(sum.leaf(block.partition, node));
  }

  /** The worker's optimizer, set to the round's starting state. */
  private Optimizer optimizer(TrainingWorker w, Start s, int parameters) {
    if (w.optimizer == null) {
      w.optimizer = optimizers.get();
    }
    Optimizer opt = w.optimizer;
    opt.prepare(parameters);
    Map<String, float[]> state = opt.state();
    for (Map.Entry<String, float[]> e : s.state().entrySet()) {
      float[] dst = state.get(e.getKey());
      if (dst == null || dst.length != e.getValue().length) {
        throw new IllegalStateException("the optimizer the factory makes has no state '"
            + e.getKey() + "' of " + e.getValue().length + " values, as the driver's has;"
            + " it must make optimizers of one kind");
      }
      System.arraycopy(e.getValue(), 0, dst, 0, dst.length);
    }
    opt.restoreIterations(s.iterations());
    if (!s.scheduled()) {
      opt.setLearningRate(s.learningRate());
    }
    return opt;
  }

  /** The weights followed by each optimizer state tensor, in order, times {@code weight}. */
  static float[] weighted(float[] params, Map<String, float[]> state, float weight) {
    int n = params.length;
    for (float[] t : state.values()) {
      n += t.length;
    }
    float[] out = new float[n];
    int at = 0;
    for (int i = 0; i < params.length; i++) {
      out[at++] = params[i] * weight;
    }
    for (float[] t : state.values()) {
      for (float v : t) {
        out[at++] = v * weight;
      }
    }
    return out;
  }
}
