package org.dendrite.spark;

import java.io.Serializable;

/**
 * Runs at the start of every training task, before it computes anything: tests use it to fail a
 * task on its first attempt and check that Spark's retry changes nothing.
 */
@FunctionalInterface
interface TaskHook extends Serializable {
  /** Called with the task's partition, epoch and step (the round, when averaging). */
  void beforeTask(int partition, int epoch, int step);
}
