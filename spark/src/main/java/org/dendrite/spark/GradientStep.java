package org.dendrite.spark;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronous training step on one partition, as {@code treeAggregate}'s sequence function:
 * loads the step's broadcast weights, runs the generated forward and backward pass over the
 * partition's share of the step's batch, and returns that share's gradient (scaled by one over the
 * whole batch's size, so that the sum over partitions is the batch's mean gradient), its summed
 * loss and its accuracy counts as a leaf of a {@link TreeSum}.
 */
final class GradientStep implements Function2<TreeSum, PartitionBlock, TreeSum> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<TrainingPlan> plan;
  private final Broadcast<float[]> weights;
  private final int epoch;
  private final int step;
  private final long iteration;
  private final TaskHook hook;

  GradientStep(Broadcast<TrainingPlan> plan, Broadcast<float[]> weights, int epoch, int step,
      long iteration, TaskHook hook) {
    this.plan = plan;
    this.weights = weights;
    this.epoch = epoch;
    this.step = step;
    this.iteration = iteration;
    this.hook = hook;
  }

  @Override
  public TreeSum call(TreeSum sum, PartitionBlock block) {
    if (hook != null) {
      hook.beforeTask(block.partition, epoch, step);
    }
    TrainingPlan p = plan.value();
    int from = p.shareFrom(block.partition, step);
    int to = p.shareFrom(block.partition, step + 1);
    TreeSum.Node node = new TreeSum.Node();
    if (from < to) {
      TrainingWorker w = TrainingWorker.borrow(p, p.capacity);
      try {
        w.load(weights.id(), weights.value());
        w.gather(block, w.order(block.partition, epoch), from, to);
        int count = to - from;
        node.loss = w.pass.train(w.call.samples(w.inputs, 0, w.targets, 0, count)
            .gradients(w.gradient, 1f / p.stepCount(step))
            .at(iteration, p.firstSample(block.partition, step)));
        node.values = w.gradient.clone();
        node.samples = count;
        w.countCorrect(w.pass.outputs(), w.targets, 0, count, node);
      } finally {
        w.release();
      }
    }
    return sum.merge(sum.leaf(block.partition, node));
  }
}
