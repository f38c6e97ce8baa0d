package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.Evaluation;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Networks compiled by javac with the processor, trained end to end. */
class TrainingTest {
  static FashionMnist data;

  @BeforeAll
  static void load() throws IOException {
    data = FashionMnist.load();
  }

  @Test
  void xorIsLearned() {
    float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
    float[] y = {0, 1, 1, 0};
    CompiledXor model = new CompiledXor(3);
    Trainer trainer = Trainer.builder(model).optimizer(new Adam(0.05f)).epochs(300)
        .batchSize(4).seed(1).threads(1).build();
    History h = trainer.fit(Dataset.of(x, 2, y, 1));
    assertEquals(1.0, trainer.evaluate(Dataset.of(x, 2, y, 1)).accuracy(), h.last().toString());
    for (int i = 0; i < 4; i++) {
      float p = model.predict(new float[] {x[2 * i], x[2 * i + 1]})[0];
      assertTrue(Math.abs(p - y[i]) < 0.1, "XOR(" + x[2 * i] + ", " + x[2 * i + 1] + ") = " + p);
    }
  }

  @Test
  void oneFashionEpochReachesEightyPercent() {
    CompiledFashionMlp model = new CompiledFashionMlp(42);
    Trainer trainer = Trainer.builder(model).optimizer(new Adam(1e-3f)).epochs(1).batchSize(32)
        .seed(42).build();
    trainer.fit(data.train());
    Evaluation test = trainer.evaluate(data.test());
    assertTrue(test.accuracy() >= 0.80, "test accuracy after one epoch: " + test);
  }

  @Test
  void sameSeedAndThreadsGiveBitIdenticalWeights() {
    Dataset subset = data.train().slice(0, 3000);
    float[] first = train(subset, 2);
    float[] second = train(subset, 2);
    assertArrayEquals(first, second, "two runs with seed 7 and 2 threads differ");
    float[] single = train(subset, 1);
    assertEquals(first.length, single.length);
  }

  /**
   * A residual graph (batch statistics, a stem read by two layers, scratch gradients added back)
   * trains to the same weights, bit for bit, in two runs with two threads.
   */
  @Test
  void aResidualGraphTrainsDeterministicallyOnTwoThreads() {
    Dataset subset = data.train().slice(0, 1000);
    float[] first = trainResnet(subset);
    float[] second = trainResnet(subset);
    assertArrayEquals(first, second, "two runs of FashionResnet with seed 7 and 2 threads differ");
  }

  static float[] trainResnet(Dataset d) {
    CompiledFashionResnet model = new CompiledFashionResnet(7);
    Trainer.builder(model).optimizer(new Adam(1e-3f)).epochs(1).batchSize(32).seed(7)
        .threads(2).build().fit(d);
    float[] weights = model.parameters().clone();
    float[] all = java.util.Arrays.copyOf(weights, weights.length + model.state().length);
    System.arraycopy(model.state(), 0, all, weights.length, model.state().length);
    return all;
  }

  /**
   * The pixels kept as bytes and scaled as batches are gathered train to the same weights, bit
   * for bit, as the same pixels stored as floats, with one thread and with two (whose first
   * layer gathers its bands of features itself).
   */
  @Test
  void bytesTrainAsTheFloatsTheyStandFor() {
    Dataset bytes = data.train().slice(0, 1000);
    Dataset floats = Dataset.of(bytes.features(0, 1000), 784, bytes.targets(0, 1000), 1);
    assertTrue(floats.storedBytes() >= 4 * bytes.storedBytes() - 4 * 1000 * 4,
        "floats " + floats.storedBytes() + " bytes, bytes " + bytes.storedBytes());
    for (int threads = 1; threads <= 2; threads++) {
      assertArrayEquals(train(floats, threads), train(bytes, threads), threads + " thread(s)");
    }
  }

  /**
   * {@code train} with deferred products takes the first layer's products and hands over its pre-activation
   * gradient: given {@code inputs · kernel} computed as one product (offsets, no bias), and with
   * {@code inputsᵀ} times the handed-over gradient computed in two bands of rows as the trainer's
   * threads do, every gradient equals {@code train}'s bit for bit, and the kernel's part of the
   * gradient array is left alone.
   */
  @Test
  void deferredProductsAndKernelGradientMatchTrainBitForBit() {
    CompiledFashionMlp model = new CompiledFashionMlp(3);
    BatchPass pass = model.newBatchPass(20);
    BatchPass.DeferredKernel kernel = pass.deferredKernel();
    assertEquals(new BatchPass.DeferredKernel(CompiledFashionMlp.HIDDEN1_KERNEL, 784, 300), kernel);
    int count = 20;
    float[] x = data.train().features(0, count);
    float[] y = data.train().targets(0, count);
    float[] whole = new float[CompiledFashionMlp.PARAMETER_COUNT];
    double loss = pass.train(new BatchPass.Step().samples(x, 0, y, 0, count)
        .gradients(whole, 1f / count).at(5, 0));
    Kernels k = Kernels.get();
    float[] products = new float[count * 300 + 3];
    k.matmul(x, 0, 784, model.parameters(), kernel.offset(), null, 0, products, 3,
        count, 784, 300);
    float[] split = new float[CompiledFashionMlp.PARAMETER_COUNT];
    Arrays.fill(split, Float.NaN); // the kernel's part must be left to the caller
    float[] preActivation = new float[count * 300 + 7];
    double deferredLoss = pass.train(new BatchPass.Step()
        .samples(x, 0, y, 0, count).gradients(split, 1f / count).at(5, 0)
        .deferred(products, 3, preActivation, 7));
    assertEquals(loss, deferredLoss, "loss");
    for (int i = 0; i < 784 * 300; i++) {
      assertTrue(Float.isNaN(split[kernel.offset() + i]), "kernel gradient written at " + i);
    }
    for (int[] band : new int[][] {{0, 333}, {333, 784}}) {
      k.matmulTransA(x, band[0], 784, preActivation, 7, split,
          kernel.offset() + band[0] * 300, count, band[1] - band[0], 300);
    }
    for (int i = 0; i < whole.length; i++) {
      assertEquals(Float.floatToIntBits(whole[i]), Float.floatToIntBits(split[i]),
          "gradient " + i + ": train " + whole[i] + ", deferred and bands " + split[i]);
    }
  }

  /**
   * An image network's batch larger than its training chunk ({@link BatchPass#trainingChunk()})
   * trains chunk by chunk, each chunk into its own gradient array, summed in order: one SGD step
   * moves every parameter as the whole batch's gradient from one pass does, up to rounding; two
   * runs agree bit for bit; the loss sums every chunk's and the accuracy counts every chunk's
   * outputs (LeNet-5 has no dropout, so its training outputs are its predictions).
   */
  @Test
  void anImageBatchLargerThanItsChunkStepsAsOnePassUpToRounding() {
    int chunk = new CompiledLeNet5(5).newBatchPass(1).trainingChunk();
    int batch = 2 * chunk + 3; // three chunks
    assertTrue(chunk > 1 && batch <= 2000, "LeNet-5's training chunk is " + chunk);
    Dataset d = data.train().slice(0, batch);
    float[] inputs = d.features(0, batch);
    float[] targets = d.targets(0, batch);
    CompiledLeNet5 whole = new CompiledLeNet5(5);
    float[] before = whole.parameters().clone();
    float[] outputs = new float[batch * 10];
    whole.predictBatch(inputs, outputs, batch);
    int correct = 0;
    for (int i = 0; i < batch; i++) {
      int best = 0;
      for (int j = 1; j < 10; j++) {
        best = outputs[i * 10 + j] > outputs[i * 10 + best] ? j : best;
      }
      correct += best == (int) targets[i] ? 1 : 0;
    }
    float loss = whole.computeGradients(inputs, targets, batch);
    float[] gradient = whole.gradients();
    float[][] after = new float[2][];
    for (int run = 0; run < 2; run++) {
      CompiledLeNet5 model = new CompiledLeNet5(5);
      History h = Trainer.builder(model).optimizer(new Sgd(0.1f)).epochs(1).batchSize(batch)
          .seed(5).threads(1).build().fit(d);
      after[run] = model.parameters().clone();
      assertEquals(loss, h.last().loss(), 1e-5, "the epoch's loss, run " + run);
      assertEquals((double) correct / batch, h.last().get("accuracy"), 0.5 / batch,
          "the epoch's accuracy, run " + run);
    }
    assertArrayEquals(after[0], after[1], "two runs in chunks differ");
    int moved = 0;
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i] - 0.1f * gradient[i], after[0][i], 1e-6f, "parameter " + i);
      moved += after[0][i] != before[i] ? 1 : 0;
    }
    assertTrue(moved > before.length / 2, "the step moved only " + moved + " parameters");
  }

  /**
   * Two threads, which take over the first layer's products and kernel gradient by bands of its
   * rows, step every parameter as one thread does up to rounding (their partial products and
   * the other gradients are sums of two parts).
   */
  @Test
  void twoThreadsStepAsOneThreadUpToRounding() {
    Dataset batch = data.train().slice(0, 32);
    float[][] after = new float[2][];
    float[] before = new CompiledFashionMlp(9).parameters().clone();
    for (int threads = 1; threads <= 2; threads++) {
      CompiledFashionMlp model = new CompiledFashionMlp(9);
      Trainer.builder(model).optimizer(new Sgd(0.1f)).epochs(1).batchSize(32).seed(9)
          .threads(threads).build().fit(batch);
      after[threads - 1] = model.parameters().clone();
    }
    int moved = 0;
    for (int i = 0; i < after[0].length; i++) {
      assertEquals(after[0][i], after[1][i], 1e-6f, "parameter " + i);
      if (after[1][i] != before[i]) {
        moved++;
      }
    }
    assertTrue(moved > after[0].length / 2, "the step moved only " + moved + " parameters");
  }

  /**
   * More threads than the first kernel has rows (XOR's 2 inputs, 3 threads: one thread owns no
   * row and contributes a zero partial product), uneven shares, class weights and a last short
   * batch: three threads train as one does, up to rounding, and as themselves bit for bit.
   */
  @Test
  void threeThreadsOnTwoInputsTrainAsOneThread() {
    float[] x = {0, 0, 0, 1, 1, 0, 1, 1, 0.5f, 0.5f};
    float[] y = {0, 1, 1, 0, 1};
    Dataset d = Dataset.of(x, 2, y, 1);
    float[][] after = new float[4][];
    int[] threads = {1, 3, 3, 2};
    for (int i = 0; i < threads.length; i++) {
      CompiledXor model = new CompiledXor(5);
      Trainer.builder(model).optimizer(new Adam(0.05f)).epochs(20).batchSize(4).seed(5)
          .classWeights(java.util.Map.of(1, 2f)).threads(threads[i]).build().fit(d);
      after[i] = model.parameters().clone();
    }
    assertArrayEquals(after[1], after[2], "two runs with 3 threads differ");
    for (int i = 0; i < after[0].length; i++) {
      assertEquals(after[0][i], after[1][i], 1e-4f, "parameter " + i + ", 1 against 3 threads");
      assertEquals(after[0][i], after[3][i], 1e-4f, "parameter " + i + ", 1 against 2 threads");
    }
  }

  static float[] train(Dataset d, int threads) {
    CompiledFashionMlp model = new CompiledFashionMlp(7);
    Trainer.builder(model).optimizer(new Adam(1e-3f)).epochs(2).batchSize(32).seed(7)
        .threads(threads).build().fit(d);
    return model.parameters().clone();
  }
}
