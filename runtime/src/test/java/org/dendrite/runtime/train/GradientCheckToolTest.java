package org.dendrite.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.GradientCheck;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * The public gradient check passes a correct backward pass, finds a wrong one and names its
 * tensor and index, and leaves the parameters as they were. (Every generated layer kind is
 * checked with it in the compiler's GradientCheckTest.)
 */
class GradientCheckToolTest {
  static final Dataset DATA = TrainerTest.separable(3).slice(0, 16);

  @Test
  void aCorrectGradientPasses() {
    LogisticRegression model = new LogisticRegression(0.3f, -0.2f, 0.1f);
    float[] before = model.parameters().clone();
    GradientCheck.Report r = GradientCheck.of(model).check(DATA.features(0, 16),
        DATA.targets(0, 16));
    assertTrue(r.passed(), r.toString());
    assertEquals(3, r.checked());
    assertTrue(r.maxError() < 1e-4, r.toString());
    assertArrayEquals(before, model.parameters(), "the parameters are restored");
    GradientCheck.Report inference = GradientCheck.of(model)
        .checkInference(DATA.features(0, 16), DATA.targets(0, 16));
    assertTrue(inference.passed(), inference.toString());
  }

  @Test
  void aWrongGradientIsFoundAndNamed() {
    Model wrong = scaledGradient(new LogisticRegression(0.3f, -0.2f, 0.1f), 1, 1.5f);
    GradientCheck.Report r = GradientCheck.of(wrong).check(DATA.features(0, 16),
        DATA.targets(0, 16));
    assertFalse(r.passed(), r.toString());
    assertEquals("y.kernel", r.tensor());
    assertArrayEquals(new int[] {1, 0}, r.index(), "kernel [2, 1]: row 1");
    assertEquals(1, r.parameter());
    assertEquals(1.5, r.analytic() / r.numeric(), 1e-3, r.toString());
    assertTrue(r.toString().startsWith("gradient check FAILED: max error"), r.toString());
  }

  @Test
  void aSampleOfEachTensorAndBadArgumentsAreRefused() {
    Model wrong = scaledGradient(new LogisticRegression(0.3f, -0.2f, 0.1f), 2, 1.5f);
    GradientCheck.Report r = GradientCheck.of(wrong).perTensor(1, 9).check(DATA.features(0, 16),
        DATA.targets(0, 16));
    assertEquals(2, r.checked(), "one of the kernel, the one bias");
    assertEquals("y.bias", r.tensor());
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(wrong)
        .check(new float[3], new float[1]));
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(wrong)
        .check(new float[0], new float[0]));
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(wrong).step(0));
    assertThrows(IllegalArgumentException.class,
        () -> GradientCheck.of(wrong).tolerance(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(wrong).perTensor(0, 1));
  }

  /** {@code model} with parameter {@code index}'s training gradient multiplied by a factor. */
  static Model scaledGradient(Model model, int index, float factor) {
    return proxy(Model.class, model, (target, method, args) -> {
      Object result = call(method, target, args);
      if (method.getName().equals("newBatchPass")) {
        return proxy(BatchPass.class, result, (pass, m, a) -> {
          Object out = call(m, pass, a);
          if (m.getName().equals("train")) {
            ((BatchPass.Step) a[0]).gradients()[index] *= factor;
          }
          return out;
        });
      }
      return result;
    });
  }

  interface Handler {
    Object handle(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable;
  }

  static <T> T proxy(Class<T> type, Object target, Handler handler) {
    InvocationHandler h = (self, method, args) -> handler.handle(target, method, args);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
  }

  static Object call(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
