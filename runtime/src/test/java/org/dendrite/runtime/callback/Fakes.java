package org.dendrite.runtime.callback;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.loss.Losses;
import org.dendrite.runtime.optim.Optimizer;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.BatchLogs;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Stand-ins for driving callbacks without a trainer. Model and TrainingContext are dynamic
 * proxies answering only what callbacks use, so these tests do not break when the interfaces
 * grow.
 */
public final class Fakes {
  private Fakes() {}

  /** A training run as a callback sees it: a model of {@code parameters} and an SGD optimizer. */
  static final class Run {
    final float[] parameters;
    final Optimizer optimizer;
    final int epochs;
    final int steps;
    boolean stop;
    final TrainingContext context;

    Run(float[] parameters, float learningRate, int epochs, int steps) {
      this.parameters = parameters;
      this.optimizer = new Sgd(learningRate);
      this.epochs = epochs;
      this.steps = steps;
      Model model = model("Fake", Loss.MSE, 1, 1, 1, parameters, null);
      this.context = proxy(TrainingContext.class, (p, m, args) -> {
        switch (m.getName()) {
          case "model": return model;
          case "optimizer": return optimizer;
          case "epochs": return epochs;
          case "stepsPerEpoch": return steps;
          case "stopTraining": stop = true; return null;
          case "stopRequested": return stop;
          case "toString": return "FakeRun";
          default: throw new UnsupportedOperationException(m.getName());
        }
      });
    }
  }

  /** An epoch's result with the given logs ({@code "key", value, ...}). */
  static EpochResult epoch(int epoch, Object... keyValues) {
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      logs.put((String) keyValues[i], ((Number) keyValues[i + 1]).doubleValue());
    }
    return new EpochResult(epoch, logs, 1.0, 100);
  }

  /** Running logs with a loss and metrics ({@code "name", value, ...}). */
  static BatchLogs batchLogs(int samples, double loss, Object... metrics) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < metrics.length; i += 2) {
      values.put((String) metrics[i], ((Number) metrics[i + 1]).doubleValue());
    }
    List<String> names = new ArrayList<>(values.keySet());
    return new BatchLogs() {
      @Override
      public int samples() {
        return samples;
      }

      @Override
      public double loss() {
        return loss;
      }

      @Override
      public List<String> metricNames() {
        return names;
      }

      @Override
      public double metric(String name) {
        return values.get(name);
      }
    };
  }

  /**
   * A model of {@code parameters}; {@code passes} makes its batch passes (null: none). Methods
   * callbacks and the trainer do not use throw.
   */
  public static Model model(String name, Loss loss, int in, int out, int targetSize,
      float[] parameters, java.util.function.IntFunction<BatchPass> passes) {
    float[] gradients = new float[parameters.length];
    return proxy(Model.class, (p, m, args) -> {
      switch (m.getName()) {
        case "name": return name;
        case "loss": return loss;
        case "inputSize": return in;
        case "outputSize": return out;
        case "targetSize": return targetSize;
        case "parameterCount": return parameters.length;
        case "parameters": return parameters;
        case "gradients": return gradients;
        case "layers": return List.of();
        case "seed": return 1L;
        case "newBatchPass": return passes.apply((Integer) args[0]);
        case "predictBatch":
          passes.apply((Integer) args[2]).predict((float[]) args[0], 0, (float[]) args[1], 0,
              (Integer) args[2]);
          return null;
        case "toString": return name;
        case "hashCode": return System.identityHashCode(p);
        case "equals": return p == args[0];
        default:
          if (m.isDefault()) {
            return java.lang.reflect.InvocationHandler.invokeDefault(p, m, args);
          }
          throw new UnsupportedOperationException(m.getName());
      }
    });
  }

  /**
   * y = w·x + b with the MSE loss, one input and one output: parameters {w, b}. Small enough to
   * train in a test, real enough to go through {@code Trainer.fit}.
   */
  public static Model linearRegression(float w, float b) {
    float[] params = {w, b};
    return model("LinearRegression", Loss.MSE, 1, 1, 1, params, capacity -> new BatchPass() {
      final float[] a = new float[capacity];
      final float[] da = new float[capacity];

      @Override
      public int capacity() {
        return capacity;
      }

      private void forward(float[] x, int off, int count) {
        for (int i = 0; i < count; i++) {
          a[i] = params[0] * x[off + i] + params[1];
        }
      }

      @Override
      public void predict(float[] x, int off, float[] out, int outOff, int count) {
        forward(x, off, count);
        System.arraycopy(a, 0, out, outOff, count);
      }

      @Override
      public double train(BatchPass.Step step) {
        float[] x = step.inputs();
        int off = step.inputOffset();
        int count = step.count();
        float[] grads = step.gradients();
        forward(x, off, count);
        double loss = Losses.meanSquaredError(a, count, 1, step.targets(), step.targetOffset(),
            step.weights(), step.weightOffset(), da, step.scale());
        float gw = 0;
        float gb = 0;
        for (int i = 0; i < count; i++) {
          gw += da[i] * x[off + i];
          gb += da[i];
        }
        grads[0] = gw;
        grads[1] = gb;
        return loss;
      }

      @Override
      public double evaluate(float[] x, int off, float[] y, int yOff, int count) {
        forward(x, off, count);
        return Losses.meanSquaredError(a, count, 1, y, yOff, null, 0, null, 1f);
      }

      @Override
      public float[] outputs() {
        return a;
      }
    });
  }

  @SuppressWarnings("unchecked")
  static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
