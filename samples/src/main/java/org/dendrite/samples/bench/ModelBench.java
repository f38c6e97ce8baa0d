package org.dendrite.samples.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.Predictor;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;

/**
 * Training and inference figures of a Fashion-MNIST model, measured as the peers' scripts measure
 * PyTorch: training epochs of a fresh model after a warm-up (samples/s), batch-1 latency
 * (median of 20,000 calls after 5,000), batch-256 throughput.
 */
final class ModelBench {
  /** Epochs timed per training figure; the figure is their median. */
  static final int TIMED_EPOCHS = 3;
  /**
   * Compilation time (ms) per second of warm-up below which the JIT counts as quiet: the warm-up
   * goes on past its minimum until a second of it (or more, in whole epochs of 8,000 images)
   * compiles less than this. Judged per epoch instead, the JIT looked quiet at 20 ms an epoch,
   * when an epoch takes 70 ms (batch 32, two threads), and C2 went on compiling the per-step
   * methods through the timed epochs: 784-300-100-10 trained 98,000-100,400 samples/s with
   * 406-457 ms of compilation in them, against 116,700-118,200 with a 6 s warm-up (Zen 5, JDK 17).
   */
  static final long QUIET_COMPILE_MS = 20;
  /** The warm-up stops at this multiple of its minimum even if the JIT is still busy. */
  static final double MAX_WARM_UP_FACTOR = 4;

  private final LongFunction<Model> factory;
  private final FashionMnist data;
  private final int threads;
  private final BenchCommand.Figures figures;

  ModelBench(LongFunction<Model> factory, FashionMnist data, int threads,
      BenchCommand.Figures figures) {
    this.factory = factory;
    this.data = data;
    this.threads = threads;
    this.figures = figures;
  }

  /**
   * Training throughput at batch {@code batch}: the median of {@link #TIMED_EPOCHS} epochs over the
   * 60,000 training images with Adam, on a fresh model, after at least {@code warmUpSeconds} of
   * training on 8,000 images, time for C2 to compile the kernels: with every core busy training,
   * the compiler thread competes with them, and a single short warm-up epoch left the two-thread
   * figures of one run up to three times below those of the next. The first timed epoch's figure
   * is reported too.
   */
  void training(int batch, double warmUpSeconds) {
    long start = System.nanoTime();
    long deadline = start + (long) (warmUpSeconds * 1e9);
    long limit = start + (long) (MAX_WARM_UP_FACTOR * warmUpSeconds * 1e9);
    Trainer warmUp = Trainer.builder(factory.apply(1)).optimizer(new Adam(1e-3f)).epochs(1)
        .batchSize(batch).seed(1).threads(threads).build();
    long windowStart = start;
    long windowCompiled = compileMillis();
    boolean quiet; // whether a window of a second or more closed just now, the JIT quiet in it
    long now;
    do {
      warmUp.fit(data.train().slice(0, 8000));
      now = System.nanoTime();
      quiet = false;
      if (now - windowStart >= 1_000_000_000L) {
        long compiled = compileMillis();
        quiet = (compiled - windowCompiled) * 1e9 < QUIET_COMPILE_MS * (double) (now - windowStart);
        windowStart = now;
        windowCompiled = compiled;
      }
    } while (now < deadline || (!quiet && now < limit));
    double warmedUp = (System.nanoTime() - start) / 1e9;
    Model model = factory.apply(42);
    long compiledBefore = compileMillis();
    History history = Trainer.builder(model).optimizer(new Adam(1e-3f)).epochs(TIMED_EPOCHS)
        .batchSize(batch).seed(42).threads(threads).build().fit(data.train());
    long compiledDuring = compileMillis() - compiledBefore;
    List<EpochResult> epochs = new ArrayList<>(history.epochs());
    EpochResult first = epochs.get(0);
    epochs.sort(Comparator.comparingDouble(EpochResult::samplesPerSecond));
    EpochResult median = epochs.get(epochs.size() / 2);
    double flops = trainingFlops(model);
    figures.add("train_samples_per_s", batch, median.samplesPerSecond(), "samples/s",
        Map.of("train_epoch_s", median.seconds(), "epochs", epochs.size(),
            "first_epoch_samples_per_s", first.samplesPerSecond(),
            "loss", history.last().loss(), "params", model.parameterCount(),
            "train_gflops", median.samplesPerSecond() * flops / 1e9,
            "warm_up_s", warmedUp, "jit_ms_timed", compiledDuring));
  }

  /**
   * The JIT compilers' total time so far (ms), or 0 where the JVM does not report it. A
   * compiler thread takes a core from training threads while it works, on a two-core machine
   * one of two, so the timed epochs should start only once compilation has quietened.
   */
  private static long compileMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime() : 0;
  }

  /**
   * FLOPs of one training sample, two per multiply-add: the forward pass, the kernel gradients,
   * and the input gradients of every weighted layer but the first. A layer's multiply-adds are
   * its kernel's size times its output pixels (1 for a dense layer, OH·OW for a convolution,
   * whose kernel [FH][FW][C][F] meets every output pixel); pooling's few additions and
   * comparisons are left out, as the peers leave them out.
   */
  static double trainingFlops(Model model) {
    double forward = 0;
    double first = -1;
    for (org.dendrite.runtime.Layer layer : model.layers()) {
      if (layer.type().equals("Dense") || layer.type().equals("Conv2D")) {
        int[] out = layer.outputShape();
        long pixels = 1;
        for (int i = 0; i < out.length - 1; i++) {
          pixels *= out[i];
        }
        double macs = (double) layer.kernel().size() * pixels;
        forward += 2 * macs;
        if (first < 0) {
          first = 2 * macs;
        }
      }
    }
    return 3 * forward - Math.max(first, 0);
  }

  /**
   * Batch-1 prediction latency: median (and spread) of 20,000 timed calls after 5,000, through
   * {@link Model#predict} on one thread and a {@link Predictor} (which splits the first layer's
   * columns between its threads) on more.
   */
  void latency() {
    Model model = factory.apply(42);
    Dataset test = data.test();
    float[] out = new float[model.outputSize()];
    float[][] inputs = new float[256][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = test.feature(i);
    }
    try (Predictor predictor = new Predictor(model, threads)) {
      for (int i = 0; i < 5000; i++) {
        predictOne(model, predictor, inputs[i & 255], out);
      }
      long[] times = new long[20_000];
      for (int i = 0; i < times.length; i++) {
        long start = System.nanoTime();
        predictOne(model, predictor, inputs[i & 255], out);
        times[i] = System.nanoTime() - start;
      }
      Arrays.sort(times);
      double mean = Arrays.stream(times).average().orElse(0) / 1e3;
      figures.add("infer_latency_us", 1, times[times.length / 2] / 1e3, "us",
          Map.of("iters", times.length, "p10", times[times.length / 10] / 1e3,
              "p90", times[times.length * 9 / 10] / 1e3,
              "p99", times[times.length * 99 / 100] / 1e3, "mean", mean));
    }
  }

  private static void predictOne(Model model, Predictor predictor, float[] input, float[] out) {
    if (predictor.threads() == 1) {
      model.predict(input, out);
    } else {
      predictor.predict(input, out, 1);
    }
  }

  /**
   * Throughput of batches of {@code batch} test images, for at least {@code seconds}, through a
   * {@link Predictor} on the bench's thread count.
   */
  void throughput(int batch, double seconds) {
    Model model = factory.apply(42);
    Dataset test = data.test();
    int chunks = test.size() / batch;
    float[] out = new float[batch * model.outputSize()];
    float[][] inputs = new float[chunks][];
    for (int c = 0; c < chunks; c++) {
      inputs[c] = test.features(c * batch, batch);
    }
    try (Predictor predictor = new Predictor(model, threads)) {
      for (int i = 0; i < 200; i++) {
        predictor.predict(inputs[i % chunks], out, batch);
      }
      long samples = 0;
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      int c = 0;
      while (System.nanoTime() < deadline) {
        predictor.predict(inputs[c], out, batch);
        samples += batch;
        c = (c + 1) % chunks;
      }
      double s = (System.nanoTime() - start) / 1e9;
      figures.add("infer_samples_per_s", batch, samples / s, "samples/s", Map.of("seconds", s));
    }
  }
}
