package org.dendrite.spark;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.metric.Accuracy;
import org.dendrite.runtime.optim.Optimizer;

/**
 * One training task's tools on an executor: a model instance (whose parameters the task
 * overwrites with the step's broadcast weights), a {@link BatchPass}, the gathered batch and the
 * gradient. Workers are pooled per JVM and fit, one per task running at once, so a step allocates
 * only the gradient it returns. Nothing a worker keeps between tasks changes a result: the
 * weights are copied in whole, the pass and the gradient are overwritten, and the cached sample
 * order is a function of (partition, epoch).
 */
final class TrainingWorker {
  /** Fits whose workers are kept per JVM. */
  private static final int KEPT = 2;

  private static final Map<String, ConcurrentLinkedQueue<TrainingWorker>> POOLS =
      new LinkedHashMap<>(8, 0.75f, true);

  final TrainingPlan plan;
  final Model model;
  final BatchPass pass;
  /** The arguments of {@link #pass}'s calls, set for each. */
  final BatchPass.Step call = new BatchPass.Step();
  final float[] inputs;
  final float[] targets;
  final float[] gradient;
  /** Accuracy for classification losses, else null. */
  final Accuracy accuracy;
  /** The averaging rounds' optimizer, made on first use. */
  Optimizer optimizer;
  private BatchPass evaluationPass;
  private long loadedWeights = -1;
  private int orderPartition = -1;
  private int orderEpoch = -1;
  private int[] order;

  private TrainingWorker(TrainingPlan plan, int capacity) {
    this.plan = plan;
    this.model = NetworkSnapshot.instantiate(plan.className, plan.modelSeed);
    this.pass = model.newBatchPass(capacity);
    this.inputs = new float[capacity * model.inputSize()];
    this.targets = new float[capacity * model.targetSize()];
    this.gradient = new float[model.parameterCount()];
    this.accuracy = model.loss() == Loss.MSE ? null : Accuracy.forLoss(model.loss());
  }

  /** An idle worker of {@code plan} whose pass takes {@code capacity} samples, or a new one. */
  static TrainingWorker borrow(TrainingPlan plan, int capacity) {
    ConcurrentLinkedQueue<TrainingWorker> pool;
    synchronized (POOLS) {
      pool = POOLS.computeIfAbsent(plan.id, k -> new ConcurrentLinkedQueue<>());
      Iterator<String> oldest = POOLS.keySet().iterator();
      while (POOLS.size() > KEPT) {
        oldest.next();
        oldest.remove();
      }
    }
    for (TrainingWorker w; (w = pool.poll()) != null; ) {
      if (w.pass.capacity() >= capacity) {
        return w;
      }
    }
    return new TrainingWorker(plan, Math.max(capacity, plan.capacity));
  }

  /** Gives this worker back for the fit's next task. */
  void release() {
    ConcurrentLinkedQueue<TrainingWorker> pool;
    synchronized (POOLS) {
      pool = POOLS.get(plan.id);
    }
    if (pool != null) {
      pool.add(this);
    }
  }

  /** Loads weights {@code values} (broadcast {@code id}) into the model, unless loaded already. */
  void load(long id, float[] values) {
    if (id != loadedWeights) {
      float[] p = model.parameters();
      if (values.length < p.length) {
        throw new IllegalStateException("the broadcast holds " + values.length
            + " values for " + p.length + " parameters");
      }
      System.arraycopy(values, 0, p, 0, p.length);
      loadedWeights = id;
    }
  }

  /** Forgets the loaded weights (after a task changed them in place). */
  void unload() {
    loadedWeights = -1;
  }

  /** Partition {@code p}'s sample order in {@code epoch}. */
  int[] order(int p, int epoch) {
    if (p != orderPartition || epoch != orderEpoch) {
      order = plan.order(p, epoch);
      orderPartition = p;
      orderEpoch = epoch;
    }
    return order;
  }

  /** Copies samples {@code order[from, to)} of {@code block} to the batch buffers. */
  void gather(PartitionBlock block, int[] order, int from, int to) {
    int in = model.inputSize();
    int ts = model.targetSize();
    for (int i = from; i < to; i++) {
      int sample = order[i];
      System.arraycopy(block.features, sample * in, inputs, (i - from) * in, in);
      System.arraycopy(block.targets, sample * ts, targets, (i - from) * ts, ts);
    }
  }

  /**
   * Adds to {@code node} the accuracy of a pass's {@code count} outputs against the targets at
   * {@code targetOffset} of {@code targets}.
   */
  void countCorrect(float[] outputs, float[] targets, int targetOffset, int count,
      TreeSum.Node node) {
    if (accuracy == null) {
      return;
    }
    accuracy.reset();
    int ts = model.targetSize();
    accuracy.update(outputs, model.outputSize(), targets, targetOffset, ts, count);
    long total = (long) count * (model.loss() == Loss.BINARY_CROSSENTROPY
        || model.loss() == Loss.PERCEPTRON ? model.outputSize() : 1);
    node.correct += Math.round(accuracy.result() * total);
    node.total += total;
  }

  /** Samples per evaluation pass. */
  static final int EVALUATION_CHUNK = 128;

  /** An inference pass of {@link #EVALUATION_CHUNK} samples, for evaluation. */
  BatchPass evaluationPass() {
    if (evaluationPass == null) {
      evaluationPass = model.newBatchPass(EVALUATION_CHUNK);
    }
    return evaluationPass;
  }
}
