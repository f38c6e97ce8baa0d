package org.dendrite.runtime.kernel;

/**
 * Float transcendentals for the activations, after Cephes' {@code expf}, {@code tanhf} and
 * {@code logf}: range reduction and polynomials written with IEEE basic operations and explicit
 * fused multiply-adds only. The Vector API kernels evaluate the very same sequence lane by lane,
 * so both kernel paths give bit-identical results, before and after JIT compilation and on every
 * JDK (the Vector API's own {@code EXP} and {@code TANH} differ between its interpreted fallback
 * and its compiled SVML stubs). Errors stay within a few ulps (tested against {@link StrictMath}).
 */
public final class FloatMath {
  private FloatMath() {}

  /** exp's argument range: below, the result is the smallest normal float; above, ~1.65e38. */
  public static final float EXP_LO = -87.33654f;

  public static final float EXP_HI = 88.0f;

  public static final float LOG2E = 1.44269504088896341f;
  /** ln 2 split in two, so that {@code n · LN2_HI} is exact for the exponents in range. */
  public static final float LN2_HI = 0.693359375f;

  public static final float LN2_LO = -2.12194440e-4f;
  /** 1.5 · 2²³: adding it rounds a float of magnitude < 2²² to an integer. */
  public static final float MAGIC = 12582912f;

  public static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

  public static final float SQRT_HALF = 0.707106781186547524f;

  /**
   * {@code x}, or +0 if {@code x} is subnormal or zero. The optimizers flush their decaying
   * averages through it (see {@code Optimizer.FLUSH_INTERVAL}): an average whose gradient stays
   * zero shrinks into the subnormal range and stays there for about 150 steps (Adam's m) or
   * 16,000 (its v), where arithmetic on it is slow (measured: Adam's step over the Fashion-MNIST
   * MLP took 150 µs instead of 113 with 2.5 % of its first moments subnormal). TensorFlow's CPU
   * kernels flush every result the same way (FTZ).
   */
  public static float flushSubnormal(float x) {
    return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
  }

  /** e^x. */
  public static float exp(float x) {
    x = Math.min(Math.max(x, EXP_LO), EXP_HI);
    float t = Math.fma(x, LOG2E, MAGIC);
    float n = t - MAGIC; // round(x · log2 e), exactly
    int exponent = Float.floatToRawIntBits(t) - MAGIC_BITS;
    float r = Math.fma(n, -LN2_HI, x);
    r = Math.fma(n, -LN2_LO, r);
    float p = 1.9875691500e-4f;
    p = Math.fma(p, r, 1.3981999507e-3f);
    p = Math.fma(p, r, 8.3334519073e-3f);
    p = Math.fma(p, r, 4.1665795894e-2f);
    p = Math.fma(p, r, 1.6666665459e-1f);
    p = Math.fma(p, r, 5.0000001201e-1f);
    p = Math.fma(p, r * r, r) + 1f;
    return p * Float.intBitsToFloat((exponent + 127) << 23);
  }

  /** e^x - 1, accurate near 0: a Taylor polynomial for x in [-0.5, 0.5], else exp(x) - 1. */
  public static float expm1(float x) {
    float p = 1f / 40320f;
    p = Math.fma(p, x, 1f / 5040f);
    p = Math.fma(p, x, 1f / 720f);
    p = Math.fma(p, x, 1f / 120f);
    p = Math.fma(p, x, 1f / 24f);
    p = Math.fma(p, x, 1f / 6f);
    p = Math.fma(p, x, 0.5f);
    p = Math.fma(p, x, 1f);
    float near = p * x;
    float far = exp(x) - 1f;
    return Math.abs(x) <= 0.5f ? near : far;
  }

  /** tanh(x): a polynomial below |x| = 0.625, else 1 - 2 / (e^2|x| + 1) with x's sign. */
  public static float tanh(float x) {
    float a = Math.abs(x);
    float s = exp(a + a);
    float large = 1f - 2f / (s + 1f);
    large = x < 0f ? -large : large;
    float z = x * x;
    float p = -5.70498872745e-3f;
    p = Math.fma(p, z, 2.06390887954e-2f);
    p = Math.fma(p, z, -5.37397155531e-2f);
    p = Math.fma(p, z, 1.33314422036e-1f);
    p = Math.fma(p, z, -3.33332819422e-1f);
    float small = Math.fma(p * z, x, x);
    return a >= 0.625f ? large : small;
  }

  /**
   * ln(1 + u) for u ≥ 0: Cephes' logf of w = 1 + u, plus the rounding error of forming w,
   * {@code (u - (w - 1)) / w}, which keeps small u accurate.
   */
  public static float log1p(float u) {
    float w = 1f + u;
    int bits = Float.floatToRawIntBits(w);
    int e = (bits >>> 23) - 126; // w = m · 2^e with m in [0.5, 1)
    float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f000000);
    boolean below = m < SQRT_HALF;
    float x = below ? (m + m) - 1f : m - 1f;
    float ef = Float.intBitsToFloat((below ? e - 1 : e) + MAGIC_BITS) - MAGIC;
    float z = x * x;
    float y = 7.0376836292e-2f;
    y = Math.fma(y, x, -1.1514610310e-1f);
    y = Math.fma(y, x, 1.1676998740e-1f);
    y = Math.fma(y, x, -1.2420140846e-1f);
    y = Math.fma(y, x, 1.4249322787e-1f);
    y = Math.fma(y, x, -1.6668057665e-1f);
    y = Math.fma(y, x, 2.0000714765e-1f);
    y = Math.fma(y, x, -2.4999993993e-1f);
    y = Math.fma(y, x, 3.3333331174e-1f);
    y = y * x * z;
    y = Math.fma(ef, LN2_LO, y);
    y = Math.fma(z, -0.5f, y);
    float r = x + y;
    r = Math.fma(ef, LN2_HI, r);
    return r + (u - (w - 1f)) / w;
  }

  /** 1 / (1 + e^-x). */
  public static float sigmoid(float x) {
    return 1f / (1f + exp(-x));
  }

  /** ln(1 + e^x) as max(x, 0) + ln(1 + e^-|x|). */
  public static float softplus(float x) {
    return Math.max(x, 0f) + log1p(exp(-Math.abs(x)));
  }
}
