package org.dendrite.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every index runs once per call on its own thread, calls never hang, failures propagate and
 * closing stops the workers.
 */
class WorkerPoolTest {
  /** Generous guard against hangs (a lost wake-up); not a performance assertion. */
  static final Duration HANG_GUARD = Duration.ofMinutes(2);

  static Set<Thread> workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("dendrite-worker-"))
        .collect(Collectors.toSet());
  }

  @Test
  void everyIndexRunsExactlyOnceOnDistinctThreads() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      int threads = 4;
      try (WorkerPool pool = new WorkerPool(threads)) {
        assertEquals(threads, pool.threads());
        for (int run = 0; run < 20; run++) {
          AtomicIntegerArray counts = new AtomicIntegerArray(threads);
          AtomicReferenceArray<Thread> ran = new AtomicReferenceArray<>(threads);
          Thread caller = Thread.currentThread();
          pool.run(i -> {
            counts.incrementAndGet(i);
            ran.set(i, Thread.currentThread());
          });
          Set<Thread> distinct = new HashSet<>();
          for (int i = 0; i < threads; i++) {
            assertEquals(1, counts.get(i), "run " + run + ": executions of index " + i);
            distinct.add(ran.get(i));
          }
          assertEquals(threads, distinct.size(), "run " + run + ": distinct threads of "
              + threads + " indices");
          assertSame(caller, ran.get(0), "run " + run + ": index 0 runs on the caller");
        }
      }
    });
  }

  @Test
  void tenThousandConsecutiveRunsComplete() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      int runs = 10_000;
      int threads = 3;
      try (WorkerPool pool = new WorkerPool(threads)) {
        AtomicIntegerArray counts = new AtomicIntegerArray(threads);
        long[] sums = new long[threads];
        for (int run = 0; run < runs; run++) {
          int r = run;
          pool.run(i -> {
            counts.incrementAndGet(i);
            sums[i] += r; // each index writes only its own slot; run() publishes it
          });
        }
        long expected = (long) runs * (runs - 1) / 2;
        for (int i = 0; i < threads; i++) {
          assertEquals(runs, counts.get(i), "executions of index " + i + " over " + runs
              + " runs");
          assertEquals(expected, sums[i], "sum of run numbers seen by index " + i);
        }
      }
    });
  }

  @Test
  void failureInAWorkerPropagatesAndThePoolStaysUsable() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      try (WorkerPool pool = new WorkerPool(3)) {
        IllegalStateException boom = new IllegalStateException("boom in index 2");
        AtomicIntegerArray counts = new AtomicIntegerArray(3);
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> pool.run(i -> {
              counts.incrementAndGet(i);
              if (i == 2) {
                throw boom;
              }
            }));
        assertSame(boom, thrown, "the worker's exception itself is rethrown");
        for (int i = 0; i < 3; i++) {
          assertEquals(1, counts.get(i), "index " + i + " ran in the failing call");
        }
        AssertionError error = new AssertionError("error in the caller's index 0");
        assertSame(error, assertThrows(AssertionError.class, () -> pool.run(i -> {
          if (i == 0) {
            throw error;
          }
        })), "an Error of index 0 is rethrown as is");
        AtomicIntegerArray after = new AtomicIntegerArray(3);
        pool.run(after::incrementAndGet);
        for (int i = 0; i < 3; i++) {
          assertEquals(1, after.get(i), "index " + i + " after the failures");
        }
      }
    });
  }

  /**
   * runHelping runs every index exactly once per call whoever runs it, including calls after
   * pauses long enough for the workers to park; over such calls the caller takes up the index of
   * a worker still waking at least once (it would wait for the wake-up otherwise).
   */
  @Test
  void runHelpingRunsEveryIndexOnceAndTheCallerTakesUpASleepingWorkersIndex() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      int threads = 3;
      try (WorkerPool pool = new WorkerPool(threads)) {
        Thread caller = Thread.currentThread();
        int takenUp = 0;
        for (int run = 0; run < 2_000; run++) {
          boolean pause = run % 20 == 0;
          if (pause) {
            Thread.sleep(2); // 40 times the spin: the workers park
          }
          AtomicIntegerArray counts = new AtomicIntegerArray(threads);
          AtomicReferenceArray<Thread> ran = new AtomicReferenceArray<>(threads);
          long[] values = new long[threads];
          int r = run;
          pool.runHelping(i -> {
            counts.incrementAndGet(i);
            ran.set(i, Thread.currentThread());
            values[i] = 31L * r + i; // written by whichever thread ran i; runHelping publishes it
          });
          for (int i = 0; i < threads; i++) {
            assertEquals(1, counts.get(i), "run " + run + ": executions of index " + i);
            assertEquals(31L * run + i, values[i], "run " + run + ": value of index " + i);
          }
          assertSame(caller, ran.get(0), "run " + run + ": index 0 runs on the caller");
          if (pause && (ran.get(1) == caller || ran.get(2) == caller)) {
            takenUp++;
          }
        }
        assertTrue(takenUp > 0, "in 100 calls after a pause the caller never ran a parked"
            + " worker's index");
        AtomicIntegerArray after = new AtomicIntegerArray(threads);
        pool.run(after::incrementAndGet);
        for (int i = 0; i < threads; i++) {
          assertEquals(1, after.get(i), "index " + i + " of run() after runHelping");
        }
      }
    });
  }

  @Test
  void oneThreadRunsInlineOnTheCaller() {
    Set<Thread> before = workerThreads();
    try (WorkerPool pool = new WorkerPool(1)) {
      assertEquals(1, pool.threads());
      // Earlier pools' workers may still be exiting, so only a new thread would be a failure.
      Set<Thread> after = new java.util.HashSet<>(workerThreads());
      after.removeAll(before);
      assertEquals(Set.of(), after, "a pool of one thread starts no worker");
      Thread[] ran = new Thread[1];
      int[] index = {-1};
      pool.run(i -> {
        ran[0] = Thread.currentThread();
        index[0] = i;
      });
      assertSame(Thread.currentThread(), ran[0], "the task ran on the caller");
      assertEquals(0, index[0], "the caller's index");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new WorkerPool(0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
  }

  @Test
  void closeStopsTheDaemonWorkers() throws InterruptedException {
    Set<Thread> before = workerThreads();
    WorkerPool pool = new WorkerPool(4);
    Set<Thread> started = workerThreads();
    started.removeAll(before);
    assertEquals(3, started.size(), "new threads named dendrite-worker-* for a pool of 4: "
        + started);
    for (Thread t : started) {
      assertTrue(t.isDaemon(), t.getName() + " is a daemon");
    }
    pool.run(i -> { });
    pool.close();
    for (Thread t : started) {
      t.join(HANG_GUARD.toMillis());
      assertFalse(t.isAlive(), t.getName() + " still alive after close() and a "
          + HANG_GUARD.toSeconds() + " s join");
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(i -> { }));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  /** A thread count from a typo is a message, not a million threads and an OutOfMemoryError. */
  @Test
  void aHugeThreadCountIsRefusedBeforeAnyThreadStarts() {
    int before = Thread.activeCount();
    for (int threads : new int[] {0, -3, WorkerPool.MAX_THREADS + 1, 1_000_000}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new WorkerPool(threads));
      assertTrue(e.getMessage().startsWith("threads must be in [1, 1024] (this machine has "),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("processors), got " + threads), e.getMessage());
    }
    assertTrue(Thread.activeCount() <= before + 1, "threads were started");
  }
}
