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
  /** 1.5 · 2²³: adding it rounds a float of magnitude below 2²² to an integer. */
  public static final float MAGIC = 12582912f;

  public static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

  public static final float SQRT_HALF = 0.707106781186547524f;

  // The polynomials' coefficients, highest degree first: the vector kernels evaluate the same
  // sequence lane by lane, and the bit-for-bit equality of the two paths depends on it.

  /** e^r on [-ln2/2, ln2/2] (Cephes expf), after {@code 1 + r + r²·P(r)}. */
  public static final float EXP_P0 = 1.9875691500e-4f;
  public static final float EXP_P1 = 1.3981999507e-3f;
  public static final float EXP_P2 = 8.3334519073e-3f;
  public static final float EXP_P3 = 4.1665795894e-2f;
  public static final float EXP_P4 = 1.6666665459e-1f;
  public static final float EXP_P5 = 5.0000001201e-1f;

  /** e^x - 1 near 0: Taylor's {@code x·(1 + x/2 + x²/6 + …)}. */
  public static final float EXPM1_P0 = 1f / 40320f;
  public static final float EXPM1_P1 = 1f / 5040f;
  public static final float EXPM1_P2 = 1f / 720f;
  public static final float EXPM1_P3 = 1f / 120f;
  public static final float EXPM1_P4 = 1f / 24f;
  public static final float EXPM1_P5 = 1f / 6f;
  public static final float EXPM1_P6 = 0.5f;
  public static final float EXPM1_P7 = 1f;

  /** tanh x below 0.625 (Cephes tanhf): {@code x + x³·P(x²)}. */
  public static final float TANH_P0 = -5.70498872745e-3f;
  public static final float TANH_P1 = 2.06390887954e-2f;
  public static final float TANH_P2 = -5.37397155531e-2f;
  public static final float TANH_P3 = 1.33314422036e-1f;
  public static final float TANH_P4 = -3.33332819422e-1f;

  /** ln(1 + x) for the mantissa (Cephes logf): {@code x - x²/2 + x³·P(x)}. */
  public static final float LOG_P0 = 7.0376836292e-2f;
  public static final float LOG_P1 = -1.1514610310e-1f;
  public static final float LOG_P2 = 1.1676998740e-1f;
  public static final float LOG_P3 = -1.2420140846e-1f;
  public static final float LOG_P4 = 1.4249322787e-1f;
  public static final float LOG_P5 = -1.6668057665e-1f;
  public static final float LOG_P6 = 2.0000714765e-1f;
  public static final float LOG_P7 = -2.4999993993e-1f;
  public static final float LOG_P8 = 3.3333331174e-1f;

  /** Where expm1 switches from its Taylor polynomial to {@code exp(x) - 1}. */
  public static final float EXPM1_NEAR = 0.5f;

  /** Where tanh switches from its polynomial to {@code 1 - 2 / (e^2|x| + 1)}. */
  public static final float TANH_SMALL = 0.625f;

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
    float p = EXP_P0;
    p = Math.fma(p, r, EXP_P1);
    p = Math.fma(p, r, EXP_P2);
    p = Math.fma(p, r, EXP_P3);
    p = Math.fma(p, r, EXP_P4);
    p = Math.fma(p, r, EXP_P5);
    p = Math.fma(p, r * r, r) + 1f;
    return p * Float.intBitsToFloat((exponent + 127) << 23);
  }

  /** e^x - 1, accurate near 0: a Taylor polynomial for x in [-0.5, 0.5], else exp(x) - 1. */
  public static float expm1(float x) {
    float p = EXPM1_P0;
    p = Math.fma(p, x, EXPM1_P1);
    p = Math.fma(p, x, EXPM1_P2);
    p = Math.fma(p, x, EXPM1_P3);
    p = Math.fma(p, x, EXPM1_P4);
    p = Math.fma(p, x, EXPM1_P5);
    p = Math.fma(p, x, EXPM1_P6);
    p = Math.fma(p, x, EXPM1_P7);
    float near = p * x;
    float far = exp(x) - 1f;
    return Math.abs(x) <= EXPM1_NEAR ? near : far;
  }

  /** tanh(x): a polynomial below |x| = 0.625, else 1 - 2 / (e^2|x| + 1) with x's sign. */
  public static float tanh(float x) {
    float a = Math.abs(x);
    float s = exp(a + a);
    float large = 1f - 2f / (s + 1f);
    large = x < 0f ? -large : large;
    float z = x * x;
    float p = TANH_P0;
    p = Math.fma(p, z, TANH_P1);
    p = Math.fma(p, z, TANH_P2);
    p = Math.fma(p, z, TANH_P3);
    p = Math.fma(p, z, TANH_P4);
    float small = Math.fma(p * z, x, x);
    return a >= TANH_SMALL ? large : small;
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
    float y = LOG_P0;
    y = Math.fma(y, x, LOG_P1);
    y = Math.fma(y, x, LOG_P2);
    y = Math.fma(y, x, LOG_P3);
    y = Math.fma(y, x, LOG_P4);
    y = Math.fma(y, x, LOG_P5);
    y = Math.fma(y, x, LOG_P6);
    y = Math.fma(y, x, LOG_P7);
    y = Math.fma(y, x, LOG_P8);
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
