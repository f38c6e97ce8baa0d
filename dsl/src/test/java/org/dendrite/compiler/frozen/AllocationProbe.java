package org.dendrite.compiler.frozen;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Run by {@link FrozenTest} in a JVM of its own: loads a frozen class from a directory and checks
 * that, once warm, {@code predict} and {@code predictBatch} allocate nothing. In the test suite's
 * JVM the answer depended on what earlier tests had taught the JIT (a kernel compiled from their
 * profiles ran un-intrinsified, 1.35 MB a prediction, once in many runs); here it depends on the
 * class alone. When a round still allocates at the deadline it records a second of rounds with JFR and
 * prints where the bytes come from, then exits with status 1.
 *
 * <p>Arguments: the classes directory, the class's binary name, its input and output sizes, and
 * how long to wait for a round that allocates nothing, in seconds.
 */
public final class AllocationProbe {
  private AllocationProbe() {}

  /** The work one round does; {@code rounds} calls to a prediction entry point. */
  private interface Round {
    void run() throws Throwable;
  }

  public static void main(String[] args) throws Throwable {
    Path classes = Path.of(args[0]);
    int inputs = Integer.parseInt(args[2]);
    int outputs = Integer.parseInt(args[3]);
    long patience = Long.parseLong(args[4]) * 1_000_000_000L;
    // Left open: the class loads its weights resource through it on first use.
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        AllocationProbe.class.getClassLoader());
    Class<?> type = loader.loadClass(args[1]);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodHandle predict = lookup.findStatic(type, "predict",
        MethodType.methodType(void.class, float[].class, float[].class));
    MethodHandle batch = lookup.findStatic(type, "predictBatch",
        MethodType.methodType(void.class, float[].class, float[].class, int.class));
    int many = 3 * type.getField("CHUNK").getInt(null) + 5;
    float[] sample = FrozenTest.random(new SplittableRandom(2), inputs, 0f, 1f);
    float[] out = new float[outputs];
    float[] manyInputs = FrozenTest.random(new SplittableRandom(3), many * inputs, 0f, 1f);
    float[] outs = new float[many * outputs];

    check("100 predictions", patience, () -> {
      for (int i = 0; i < 100; i++) {
        predict.invokeExact(sample, out);
      }
    });
    // Batches of several chunks with a tail, and of one sample.
    check("20 batch predictions", patience, () -> {
      for (int i = 0; i < 20; i++) {
        batch.invokeExact(manyInputs, outs, i % 2 == 0 ? many : 1);
      }
    });
    System.out.println("allocation-free");
  }

  /**
   * Rounds until one allocates nothing: the first calls allocate until the JIT has compiled
   * them; a class that allocates per call never gets there.
   */
  private static void check(String what, long patience, Round round) throws Throwable {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long deadline = System.nanoTime() + patience;
    List<Long> rounds = new ArrayList<>();
    long allocated;
    do {
      long before = threads.getCurrentThreadAllocatedBytes();
      round.run();
      allocated = threads.getCurrentThreadAllocatedBytes() - before;
      rounds.add(allocated);
    } while (allocated > 0 && System.nanoTime() < deadline);
    if (allocated > 0) {
      System.out.println("bytes allocated by " + what + " after warm-up, for "
          + patience / 1_000_000_000L + " s (the last rounds): " + rounds.subList(Math.max(0, rounds.size() - 10), rounds.size()));
      System.out.println(allocationSites(round));
      System.exit(1);
    }
  }

  /** More rounds under JFR: the allocating stacks (six frames), most sampled bytes first. */
  private static String allocationSites(Round round) throws Throwable {
    Map<String, Long> bytes = new HashMap<>();
    Path file = Files.createTempFile("allocations", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ObjectAllocationInNewTLAB").withStackTrace();
      recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
      recording.start();
      // JFR sees an allocation when it takes a new TLAB (or misses one), so a round that
      // allocates less than a TLAB may show nothing: rounds for a second.
      long end = System.nanoTime() + 1_000_000_000L;
      do {
        round.run();
      } while (System.nanoTime() < end);
      recording.stop();
      recording.dump(file);
    }
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (e.getStackTrace() == null) {
        continue;
      }
      StringBuilder stack = new StringBuilder(e.getClass("objectClass").getName());
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      for (int i = 0; i < Math.min(6, frames.size()); i++) {
        RecordedFrame f = frames.get(i);
        stack.append("\n    at ").append(f.getMethod().getType().getName()).append('.')
            .append(f.getMethod().getName()).append(" (").append(f.getType()).append(')');
      }
      String size = e.hasField("tlabSize") ? "tlabSize" : "allocationSize";
      bytes.merge(stack.toString(), e.getLong(size), Long::sum);
    }
    Files.delete(file);
    StringBuilder report = new StringBuilder("allocation sites (JFR, sampled bytes):");
    bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8).forEach(s -> report.append('\n').append(s.getValue()).append(' ')
            .append(s.getKey()));
    return report.toString();
  }
}
