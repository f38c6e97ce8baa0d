package org.dendrite.runtime.parallel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads that run one task per call, each with its own index: the caller runs
 * index 0, workers run 1 … threads-1. Threads are created once; between calls they spin briefly
 * (a training step follows the previous one within microseconds) and then park. The work split is
 * the caller's, so results do not depend on scheduling.
 *
 * <p>{@link #run} waits for every worker. {@link #runHelping} is for tasks shorter than a parked
 * worker's wake-up (tens of microseconds to a millisecond on a busy virtual machine): the caller
 * runs every index no worker has taken up by the time its own is done.
 */
public final class WorkerPool implements AutoCloseable {
  /** How long an idle thread spins before parking. */
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private final Thread[] workers;
  /**
   * The generation that took up each worker's index ({@code [i - 1]} for index {@code i}): its
   * worker or, in {@link #runHelping}, the caller, whichever sets it from the previous generation
   * first. Every call runs every index, so it always moves from the previous generation.
   */
  private final AtomicLongArray claimed;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile IntConsumer task;
  private volatile long generation;
  private volatile boolean closed;
  private volatile Thread caller;

  /**
   * The most threads a pool takes. More would gain nothing on any machine this runs on, and a
   * count read from a typo (a million) would end in an OutOfMemoryError ("unable to create
   * native thread") instead of a message.
   */
  public static final int MAX_THREADS = 1024;

  /**
   * Starts {@code threads - 1} daemon worker threads.
   *
   * @throws IllegalArgumentException if {@code threads} is not in [1, {@link #MAX_THREADS}]
   */
  public WorkerPool(int threads) {
    checkThreads(threads);
    workers = new Thread[threads - 1];
    claimed = new AtomicLongArray(threads - 1);
    for (int i = 0; i < workers.length; i++) {
      int index = i + 1;
      Thread t = new Thread(() -> work(index), "dendrite-worker-" + index);
      t.setDaemon(true);
      workers[i] = t;
      t.start();
    }
  }

  /**
   * Checks a thread count for a pool.
   *
   * @throws IllegalArgumentException if {@code threads} is not in [1, {@link #MAX_THREADS}]
   */
  public static int checkThreads(int threads) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "] (this"
          + " machine has " + Runtime.getRuntime().availableProcessors() + " processors), got "
          + threads);
    }
    return threads;
  }

  /** The number of threads, caller included. */
  public int threads() {
    return workers.length + 1;
  }

  /**
   * Runs {@code task.accept(i)} for every index on its thread and returns when all are done.
   * Rethrows the first failure (an {@link Error} or {@link RuntimeException} as is).
   */
  public void run(IntConsumer task) {
    run(task, false);
  }

  /**
   * Runs {@code task.accept(i)} once for every index and returns when all are done, like
   * {@link #run}, except that an index whose worker has not started it by the time the caller
   * has finished index 0 runs on the caller instead: a parked worker never delays the call by
   * its wake-up. The task must therefore not depend on which thread runs an index (only on the
   * index), and each index should be short.
   */
  public void runHelping(IntConsumer task) {
    run(task, true);
  }

  private void run(IntConsumer task, boolean help) {
    if (closed) {
      throw new IllegalStateException("the worker pool is closed");
    }
    if (workers.length == 0) {
      task.accept(0);
      return;
    }
    this.task = task;
    this.caller = Thread.currentThread();
    failure.set(null);
    pending.set(workers.length);
    long g = generation + 1;
    generation = g; // volatile write: publishes task to the workers
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    runIndex(task, 0);
    if (help) {
      for (int i = 1; i <= workers.length; i++) {
        if (claimed.compareAndSet(i - 1, g - 1, g)) {
          runIndex(task, i);
          pending.decrementAndGet();
        }
      }
    }
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (pending.get() != 0) {
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    this.task = null;
    Throwable t = failure.get();
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    } else if (t instanceof Error) {
      throw (Error) t;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private void runIndex(IntConsumer task, int index) {
    try {
      task.accept(index);
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
  }

  private void work(int index) {
    long seen = 0;
    while (true) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (generation == seen) {
        if (closed) {
          return;
        }
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      seen = generation;
      // Read after the generation, so it is that generation's task; the caller replaces it
      // only once the generation is complete, when the claim below fails.
      IntConsumer current = task;
      if (claimed.compareAndSet(index - 1, seen - 1, seen)) {
        runIndex(current, index);
        if (pending.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  /** Stops the worker threads; they finish the current task first. */
  @Override
  public void close() {
    closed = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }
}
