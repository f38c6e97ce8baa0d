package org.dendrite.spark;

import java.io.Serializable;
import java.util.TreeMap;

/**
 * A sum over partitions that comes out bit for bit the same whatever order Spark merges the
 * partial results in. Float addition is not associative, and Spark's {@code treeAggregate} merges
 * partial results in the order its tasks finish; so the partials here carry where they belong in
 * one fixed binary tree over the partition indices, and two are added only as the two children of
 * a node of that tree. Each node's sum is then always {@code left + right} of the same two sums,
 * and the root — the total — is a function of the partitions' values alone.
 *
 * <p>A partial holds the completed nodes it has, each with a float vector (a gradient, or
 * weights), a double (a loss) and exact counts. A node whose sibling covers no partition is
 * complete on its own. Merging adds siblings in place and returns the first argument, as
 * {@code treeAggregate} allows.
 *
 * <p>The tree's leaves are the partitions in the order that keeps {@code treeAggregate}'s own
 * groups together: its first shuffle level sends partition {@code i} to group
 * {@code i % groups}, so partition {@code i} sits at leaf
 * {@code (i % groups) × width + i / groups} and each group's partitions fill one contiguous run
 * of leaves. A group's partial then collapses to a few aligned subtrees on the executors, and the
 * driver receives a few sums per group instead of one per partition. The order changes where the
 * sums are added, never whether the result is reproducible.
 */
final class TreeSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int partitions;
  /** The number of groups of treeAggregate's first shuffle level (partitions: none). */
  private final int groups;
  /** Leaves per group: ceil(partitions / groups). */
  private final int width;
  /** Completed nodes by key: level in the high 32 bits, index in the low 32. */
  private final TreeMap<Long, Node> nodes = new TreeMap<>();

  /** One completed node of the tree. */
  static final class Node implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The sum of the vectors; null when every partition below was empty. */
    float[] values;
    double loss;
    long correct;
    long total;
    long samples;

    void add(Node other) {
      if (values == null) {
        values = other.values;
      } else if (other.values != null) {
        float[] v = values;
        float[] o = other.values;
        for (int i = 0; i < v.length; i++) {
          v[i] += o[i];
        }
      }
      loss += other.loss;
      correct += other.correct;
      total += other.total;
      samples += other.samples;
    }
  }

  /**
   * An empty sum over {@code partitions} partitions, to be aggregated by {@code treeAggregate}
   * of depth {@code depth}: the zero of the aggregation.
   */
  TreeSum(int partitions, int depth) {
    if (partitions < 1 || depth < 1) {
      throw new IllegalArgumentException("partitions and depth must be positive, got "
          + partitions + " and " + depth);
    }
    this.partitions = partitions;
    this.groups = groups(partitions, depth);
    this.width = (partitions + groups - 1) / groups;
  }

  /**
   * The number of groups {@code RDD.treeAggregate} of depth {@code depth} sends {@code
   * partitions} partial results to at its first shuffle level, by the rule of its source
   * (Spark 2 to 4.2), or {@code partitions} when it shuffles nothing.
   */
  static int groups(int partitions, int depth) {
    int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
    int n = partitions;
    if (n > scale + Math.ceil((double) n / scale)) {
      n /= scale;
    }
    return n;
  }

  /** A sum of the same shape holding partition {@code partition}'s leaf. */
  TreeSum leaf(int partition, Node node) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition " + partition + " of " + partitions);
    }
    TreeSum s = new TreeSum(partitions, groups, width);
    s.put(0, (partition % groups) * width + partition / groups, node);
    return s;
  }

  private TreeSum(int partitions, int groups, int width) {
    this.partitions = partitions;
    this.groups = groups;
    this.width = width;
  }

  /** Whether leaf {@code leaf} holds a partition. */
  private boolean occupied(long leaf) {
    long g = leaf / width;
    return g < groups && (leaf % width) * groups + g < partitions;
  }

  /** Whether any of the {@code count} leaves from {@code first} holds a partition. */
  private boolean anyOccupied(long first, long count) {
    for (long q = first; q < first + count && q < (long) groups * width; q++) {
      if (occupied(q)) {
        return true;
      }
    }
    return false;
  }

  /** Adds {@code other}'s nodes into this sum and returns this. */
  TreeSum merge(TreeSum other) {
    if (other.partitions != partitions || other.groups != groups) {
      throw new IllegalArgumentException("sums over " + partitions + " partitions in " + groups
          + " groups and over " + other.partitions + " in " + other.groups);
    }
    for (var e : other.nodes.entrySet()) {
      put((int) (e.getKey() >>> 32), (int) (long) e.getKey(), e.getValue());
    }
    return this;
  }

  /**
   * The total over every partition.
   *
   * @throws IllegalStateException if a partition's leaf is missing
   */
  Node total() {
    int top = levels();
    Node root = nodes.get(key(top, 0));
    if (root == null || nodes.size() != 1) {
      throw new IllegalStateException("the sum over " + partitions + " partitions is incomplete: "
          + nodes.size() + " subtree(s) " + nodes.keySet());
    }
    return root;
  }

  /** The tree's height: the level whose single node covers every leaf. */
  private int levels() {
    return 32 - Integer.numberOfLeadingZeros(groups * width - 1);
  }

  /** The number of completed nodes this partial holds (for tests). */
  int nodeCount() {
    return nodes.size();
  }

  private void put(int level, int index, Node node) {
    int top = levels();
    while (true) {
      if (nodes.containsKey(key(level, index))) {
        throw new IllegalStateException("node " + index + " at level " + level
            + " summed twice: a partition's result arrived twice");
      }
      if (level == top) {
        nodes.put(key(level, index), node);
        return;
      }
      int sibling = index ^ 1;
      if (anyOccupied((long) sibling << level, 1L << level)) {
        Node other = nodes.remove(key(level, sibling));
        if (other == null) {
          nodes.put(key(level, index), node);
          return;
        }
        // Left child first: a float sum of two is commutative, so only the pairs matter, but
        // keeping the order makes that independence easy to see.
        if (index < sibling) {
          node.add(other);
        } else {
          other.add(node);
          node = other;
        }
      }
      level++;
      index >>= 1;
    }
  }

  private static long key(int level, int index) {
    return ((long) level << 32) | (index & 0xffffffffL);
  }
}
