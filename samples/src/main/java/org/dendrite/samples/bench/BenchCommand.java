package org.dendrite.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.io.FileErrors;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.parallel.WorkerPool;
import org.dendrite.samples.CompiledFashionCnn;
import org.dendrite.samples.CompiledFashionMlp;
import org.dendrite.samples.CompiledFashionSmall;
import org.dendrite.samples.CompiledLeNet5;
import org.dendrite.samples.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures Dendrite as the peers' scripts measure PyTorch and ONNX Runtime
 * ({@code shared/peers}), printing one JSON line per figure in their format:
 * {@code {"peer":"dendrite","model":…,"metric":…,"batch":…,"threads":…,"value":…}}. The FMA peak
 * of the same run is printed too, so that ratios need no outside figure.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark training and inference and print JSON lines comparable with the"
        + " peers' (PyTorch, ONNX Runtime). Run on a quiet machine.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--model", defaultValue = "784-300-100-10",
      description = "784-300-100-10, 784-128-10, keras-convnet, lenet5 or 1024x1024 (default:"
          + " ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--threads", defaultValue = "1",
      description = "Threads for training, inference and the FMA peak (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--json", paramLabel = "FILE", description = "Also append the lines to FILE.")
  Path json;

  @Option(names = "--seconds", defaultValue = "3",
      description = "Minimum duration of each throughput measurement and of the warm-up before"
          + " each training measurement (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--metrics", split = ",",
      description = "Only these metrics (train,latency,throughput,peak,gflops); default all.")
  List<String> metrics;

  @Override
  public Integer call() throws IOException {
    List<String> lines = new ArrayList<>();
    Figures figures = new Figures(model, threads, lines);
    if (wanted("peak")) {
      figures.peak(seconds);
    }
    switch (model) {
      case "784-300-100-10", "784-128-10", "keras-convnet", "lenet5" -> {
        LongFunction<Model> factory = switch (model) {
          case "784-300-100-10" -> CompiledFashionMlp::new;
          case "784-128-10" -> CompiledFashionSmall::new;
          case "keras-convnet" -> CompiledFashionCnn::new;
          default -> CompiledLeNet5::new;
        };
        ModelBench bench = new ModelBench(factory, FashionMnist.load(), threads, figures);
        if (wanted("train")) {
          bench.training(32, seconds);
          bench.training(128, seconds);
        }
        if (wanted("latency")) {
          bench.latency();
        }
        if (wanted("throughput")) {
          bench.throughput(256, seconds);
        }
      }
      case "1024x1024" -> {
        if (wanted("gflops")) {
          new LayerBench(1024, 1024, 256, threads, figures).run(seconds);
        }
      }
      default -> throw new IllegalArgumentException(
          "--model " + model + " is not one of 784-300-100-10, 784-128-10, keras-convnet,"
              + " lenet5, 1024x1024");
    }
    if (json != null) {
      try {
        Files.write(json, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw FileErrors.wrap("append the results to", json, e);
      }
    }
    return 0;
  }

  private boolean wanted(String metric) {
    return metrics == null || metrics.contains(metric);
  }

  /** Collects figures as JSON lines, printing each as it comes. */
  static final class Figures {
    private final String model;
    private final int threads;
    private final List<String> lines;
    private final PrintStream out = System.out;

    Figures(String model, int threads, List<String> lines) {
      this.model = model;
      this.threads = threads;
      this.lines = lines;
    }

    void add(String metric, int batch, double value, String unit, Map<String, Object> extra) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("peer", "dendrite");
      m.put("model", model);
      m.put("metric", metric);
      m.put("batch", batch);
      m.put("threads", threads);
      m.put("value", value);
      m.put("unit", unit);
      m.putAll(extra);
      m.put("kernels", Kernels.get().description());
      m.put("cpu", Cpu.DESCRIPTION);
      m.put("java_version", System.getProperty("java.version"));
      String line = Json.write(m);
      lines.add(line);
      out.println(line);
    }

    /** Peak FMA GFLOP/s of {@code threads} threads at once, as the kernels run them (best run). */
    void peak(double seconds) {
      Kernels k = Kernels.get();
      long steps = 2_000_000;
      float[] sink = new float[threads];
      double best = 0;
      try (WorkerPool pool = new WorkerPool(threads)) {
        // Many short calls first, so that C2 compiles the loop normally rather than on stack.
        for (int i = 0; i < 20_000; i++) {
          pool.run(t -> sink[t] += k.fmaPeak(200));
        }
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        do {
          long start = System.nanoTime();
          pool.run(t -> sink[t] = k.fmaPeak(steps));
          double s = (System.nanoTime() - start) / 1e9;
          best = Math.max(best, (double) steps * k.fmaPeakFlopsPerStep() * threads / s / 1e9);
        } while (System.nanoTime() < deadline);
      }
      add("peak_gflops", 0, best, "GFLOP/s", Map.of("check", (double) sink[0]));
    }
  }
}
