package org.dendrite.spark;

import java.io.Serializable;
import org.dendrite.runtime.support.Seeds;

/**
 * What every training task of one fit shares, broadcast once: the network's class and seed, the
 * sizes of the partitions and how each epoch's steps draw from them.
 *
 * <p>Each epoch, partition {@code p} visits its samples in an order shuffled from
 * {@code (seed, epoch, p)}, and step {@code s} of {@link #steps} takes the {@code s}-th of that
 * order's {@link #steps} contiguous shares. A step's batch is the union of its shares, about
 * {@code batchSize} samples, and every sample is seen once per epoch. Every choice is a function
 * of the seed and the partition sizes, so a retried task redoes exactly the same work.
 */
final class TrainingPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  final String id;
  final String className;
  final long modelSeed;
  final long shuffleSeed;
  final boolean shuffle;
  final int[] sizes;
  final int batchSize;
  final int steps;
  /** The largest share one partition contributes to one step. */
  final int capacity;

  TrainingPlan(String id, String className, long modelSeed, long shuffleSeed, boolean shuffle,
      int[] sizes, int batchSize) {
    this.id = id;
    this.className = className;
    this.modelSeed = modelSeed;
    this.shuffleSeed = shuffleSeed;
    this.shuffle = shuffle;
    this.sizes = sizes.clone();
    this.batchSize = batchSize;
    long total = 0;
    for (int n : sizes) {
      total += n;
    }
    this.steps = (int) ((total + batchSize - 1) / batchSize);
    int cap = 1;
    for (int n : sizes) {
      cap = Math.max(cap, (n + steps - 1) / steps);
    }
    this.capacity = cap;
  }

  /** The total number of samples. */
  long samples() {
    long total = 0;
    for (int n : sizes) {
      total += n;
    }
    return total;
  }

  /** Where share {@code part} of {@code count} items split into {@code parts} starts. */
  static int shareStart(int part, int count, int parts) {
    return (int) (((long) part * count + parts - 1) / parts);
  }

  /** Partition {@code p}'s first sample of step {@code s}, in its epoch order. */
  int shareFrom(int p, int s) {
    return shareStart(s, sizes[p], steps);
  }

  /** Step {@code s}'s samples, over all partitions. */
  int stepCount(int s) {
    int count = 0;
    for (int p = 0; p < sizes.length; p++) {
      count += shareFrom(p, s + 1) - shareFrom(p, s);
    }
    return count;
  }

  /** The index of partition {@code p}'s first sample within step {@code s}'s batch. */
  int firstSample(int p, int s) {
    int first = 0;
    for (int q = 0; q < p; q++) {
      first += shareFrom(q, s + 1) - shareFrom(q, s);
    }
    return first;
  }

  /**
   * Partition {@code p}'s order of samples in {@code epoch}: the identity without shuffling,
   * else Fisher–Yates driven by a SplitMix64 stream of {@code (seed, epoch, p)}.
   */
  int[] order(int p, int epoch) {
    int[] order = new int[sizes[p]];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (shuffle) {
      long state = Seeds.mix(Seeds.mix(shuffleSeed, epoch), p);
      for (int i = order.length - 1; i > 0; i--) {
        state = Seeds.mix(state, i);
        int j = (int) Long.remainderUnsigned(state, i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    }
    return order;
  }
}
