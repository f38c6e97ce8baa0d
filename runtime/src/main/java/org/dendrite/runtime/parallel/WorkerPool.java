package org.dendrite.runtime.parallel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads that run one task per call, each with its own index: the caller runs
 * index 0, workers run 1 … threads-1. Threads are created once; between calls they spin briefly
 * (a training step follows the previous one within microseconds) and then park. The work split is
 * the caller's, so results do not depend on scheduling.
 */
public final class WorkerPool implements AutoCloseable {
  /** How long an idle thread spins before parking. */
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private final Thread[] workers;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile IntConsumer task;
  private volatile long generation;
  private volatile boolean closed;
  private volatile Thread caller;

  /**
   * Starts {@code threads - 1} daemon worker threads.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      int index = i + 1;
      Thread t = new Thread(() -> work(index), "dendrite-worker-" + index);
      t.setDaemon(true);
      workers[i] = t;
      t.start();
    }
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
    generation++; // volatile write: publishes task to the workers
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    try {
      task.accept(0);
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
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
      try {
        task.accept(index);
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
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
