package org.dendrite.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.dendrite.runtime.BatchPass;

/**
 * Evaluates one partition in inference mode with the broadcast weights: returns its summed loss
 * and accuracy counts as {@code {loss, correct, total, samples}}. The driver collects these in
 * partition order and sums them in that order.
 */
final class EvaluationTask implements FlatMapFunction<Iterator<PartitionBlock>, double[]> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<TrainingPlan> plan;
  private final Broadcast<float[]> weights;

  EvaluationTask(Broadcast<TrainingPlan> plan, Broadcast<float[]> weights) {
    this.plan = plan;
    this.weights = weights;
  }

  @Override
  public Iterator<double[]> call(Iterator<PartitionBlock> blocks) {
    TreeSum.Node node = new TreeSum.Node();
    TrainingPlan p = plan.value();
    while (blocks.hasNext()) {
      PartitionBlock block = blocks.next();
      if (block.size == 0) {
        continue;
      }
      TrainingWorker w = TrainingWorker.borrow(p, p.capacity);
      try {
        w.load(weights.id(), weights.value());
        BatchPass pass = w.evaluationPass();
        int in = w.model.inputSize();
        int ts = w.model.targetSize();
        for (int from = 0; from < block.size; from += TrainingWorker.EVALUATION_CHUNK) {
          int count = Math.min(TrainingWorker.EVALUATION_CHUNK, block.size - from);
          node.loss += pass.evaluate(block.features, from * in, block.targets, from * ts, count);
          w.countCorrect(pass.outputs(), block.targets, from * ts, count, node);
        }
        node.samples += block.size;
      } finally {
        w.release();
      }
    }
    return List.of(new double[] {node.loss, node.correct, node.total, node.samples}).iterator();
  }
}
