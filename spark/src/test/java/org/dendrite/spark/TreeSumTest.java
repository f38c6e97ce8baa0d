package org.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeSumTest {
  /** Values whose float sums depend on the order of addition. */
  private static float[][] leaves(int partitions, int size, Random random) {
    float[][] v = new float[partitions][size];
    for (float[] row : v) {
      for (int i = 0; i < size; i++) {
        row[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4));
      }
    }
    return v;
  }

  private static TreeSum leaf(int partitions, int p, float[][] values) {
    TreeSum.Node node = new TreeSum.Node();
    node.values = values[p] == null ? null : values[p].clone();
    node.loss = p * 0.1;
    node.samples = p + 1;
    node.correct = p;
    node.total = p + 1;
    return new TreeSum(partitions, 2).leaf(p, node);
  }

  /** Merges the leaves in a random order and a random shape, as Spark's tasks may finish. */
  private static TreeSum.Node randomMerge(int partitions, float[][] values, Random random) {
    List<TreeSum> pending = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      pending.add(leaf(partitions, p, values));
    }
    Collections.shuffle(pending, random);
    while (pending.size() > 1) {
      TreeSum a = pending.remove(random.nextInt(pending.size()));
      TreeSum b = pending.remove(random.nextInt(pending.size()));
      TreeSum merged = random.nextBoolean() ? a.merge(b) : new TreeSum(partitions, 2).merge(b)
          .merge(a);
      pending.add(merged);
    }
    return new TreeSum(partitions, 2).merge(pending.get(0)).total();
  }

  @Test
  void everyMergeOrderGivesTheSameBits() {
    Random random = new Random(18);
    for (int partitions : new int[] {1, 2, 3, 5, 8, 13, 64, 100}) {
      float[][] values = leaves(partitions, 257, random);
      if (partitions > 2) {
        values[1] = null; // an empty partition
      }
      TreeSum.Node first = randomMerge(partitions, values, random);
      for (int trial = 0; trial < 20; trial++) {
        TreeSum.Node again = randomMerge(partitions, values, random);
        assertArrayEquals(first.values, again.values, partitions + " partitions");
        assertEquals(Double.doubleToLongBits(first.loss), Double.doubleToLongBits(again.loss));
        assertEquals(first.samples, again.samples);
      }
      long expected = 0;
      for (int p = 0; p < partitions; p++) {
        expected += p + 1;
      }
      assertEquals(expected, first.samples);
    }
  }

  @Test
  void aPlainLeftToRightSumOfTheSameValuesDiffers() {
    // The test above would prove nothing if these values summed the same in any order.
    Random random = new Random(18);
    float[][] values = leaves(13, 257, random);
    float[] forward = new float[257];
    float[] backward = new float[257];
    for (int p = 0; p < 13; p++) {
      for (int i = 0; i < 257; i++) {
        forward[i] += values[p][i];
        backward[i] += values[12 - p][i];
      }
    }
    assertNotEquals(java.util.Arrays.toString(forward), java.util.Arrays.toString(backward));
  }

  @Test
  void missingAndRepeatedPartitionsAreErrors() {
    float[][] values = leaves(3, 4, new Random(1));
    TreeSum partial = leaf(3, 0, values).merge(leaf(3, 2, values));
    IllegalStateException missing = assertThrows(IllegalStateException.class, partial::total);
    assertTrue(missing.getMessage().startsWith("the sum over 3 partitions is incomplete"));
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> leaf(3, 2, values).merge(leaf(3, 2, values)));
    assertTrue(twice.getMessage().contains("summed twice"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> leaf(3, 0, values).merge(leaf(4, 1,
        leaves(4, 4, new Random(2)))));
    assertThrows(IllegalArgumentException.class,
        () -> new TreeSum(3, 2).leaf(3, new TreeSum.Node()));
  }

  @Test
  void groupsFollowTreeAggregatesFirstLevel() {
    // Spark's rule: scale = max(ceil(P^(1/depth)), 2); a level only if P > scale + ceil(P/scale).
    assertEquals(2, TreeSum.groups(2, 2));
    assertEquals(5, TreeSum.groups(5, 2));
    assertEquals(2, TreeSum.groups(6, 2));
    assertEquals(2, TreeSum.groups(7, 2));
    assertEquals(10, TreeSum.groups(100, 2));
    assertEquals(100, TreeSum.groups(100, 1));
    assertEquals(20, TreeSum.groups(100, 3));
  }

  @Test
  void treeAggregatesGroupsCollapseBeforeTheDriver() {
    // Replays treeAggregate(depth 2) over 100 partitions: partition i's leaf goes to group
    // i % 10; each group's ten leaves are contiguous and must fold into a few aligned subtrees,
    // so that the driver receives a few sums per group, not a hundred leaves, and the total must
    // equal any other merge order's.
    int partitions = 100;
    float[][] values = leaves(partitions, 33, new Random(7));
    int groups = TreeSum.groups(partitions, 2);
    List<TreeSum> partials = new ArrayList<>();
    int received = 0;
    for (int g = 0; g < groups; g++) {
      TreeSum group = new TreeSum(partitions, 2);
      for (int i = g; i < partitions; i += groups) {
        group.merge(leaf(partitions, i, values));
      }
      assertTrue(group.nodeCount() <= 3, "group " + g + ": " + group.nodeCount());
      received += group.nodeCount();
      partials.add(group);
    }
    assertTrue(received <= 25, received + " sums reach the driver");
    Collections.shuffle(partials, new Random(3));
    TreeSum driver = new TreeSum(partitions, 2);
    partials.forEach(driver::merge);
    assertArrayEquals(randomMerge(partitions, values, new Random(4)).values,
        driver.total().values);
  }
}
