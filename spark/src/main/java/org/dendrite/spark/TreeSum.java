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
 * weights), a double (a loss) and exact counts. A node whose sibling lies wholly beyond the last
 * partition is complete on its own. Merging adds siblings in place and returns the first
 * argument, as {@code treeAggregate} allows.
 */
final class TreeSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int partitions;
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

  /** An empty sum over {@code partitions} partitions: the zero of the aggregation. */
  TreeSum(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive, got " + partitions);
    }
    this.partitions = partitions;
  }

  /** A sum holding partition {@code partition}'s leaf. */
  static TreeSum leaf(int partitions, int partition, Node node) {
    TreeSum s = new TreeSum(partitions);
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition " + partition + " of " + partitions);
    }
    s.put(0, partition, node);
    return s;
  }

  /** Adds {@code other}'s nodes into this sum and returns this. */
  TreeSum merge(TreeSum other) {
    if (other.partitions != partitions) {
      throw new IllegalArgumentException("sums over " + partitions + " and " + other.partitions
          + " partitions");
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

  /** The tree's height: the level whose single node covers every partition. */
  private int levels() {
    return 32 - Integer.numberOfLeadingZeros(partitions - 1);
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
      long siblingFirstLeaf = (long) sibling << level;
      if (siblingFirstLeaf < partitions) {
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
