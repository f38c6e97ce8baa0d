package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.SCALAR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.dendrite.runtime.kernel.FloatMath;

/**
 * The activations and their gradients, in place, a vector at a time: {@link FloatMath}'s
 * functions evaluated lane by lane with its coefficients, in its order of operations, so that
 * both kernel paths give the same bits. The scalar twin finishes each array's last elements.
 */
final class VectorActivations {
  private VectorActivations() {}

  static void relu(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector.fromArray(S, x, i).max(0f).intoArray(x, i);
    }
    SCALAR.relu(x, i, off + len - i);
  }

  static void leakyRelu(float[] x, int off, int len, float alpha) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(x, i);
    }
    SCALAR.leakyRelu(x, i, off + len - i, alpha);
  }

  static void sigmoid(float[] x, int off, int len) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      one.div(exp(v.neg()).add(1f)).intoArray(x, i);
    }
    SCALAR.sigmoid(x, i, off + len - i);
  }

  static void tanh(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      tanh(FloatVector.fromArray(S, x, i)).intoArray(x, i);
    }
    SCALAR.tanh(x, i, off + len - i);
  }

  static void softplus(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      // exp and log1p written out here rather than called: nested, the two helpers exceed C2's
      // inlining budget, the vectors would cross a call and be boxed at every step.
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector c = v.abs().neg().max(FloatMath.EXP_LO).min(FloatMath.EXP_HI);
      FloatVector t = c.fma(FloatMath.LOG2E, FloatMath.MAGIC);
      FloatVector n = t.sub(FloatMath.MAGIC);
      IntVector exponent = t.reinterpretAsInts().sub(FloatMath.MAGIC_BITS);
      FloatVector r = n.fma(FloatVector.broadcast(S, -FloatMath.LN2_HI), c);
      r = n.fma(FloatVector.broadcast(S, -FloatMath.LN2_LO), r);
      FloatVector p = FloatVector.broadcast(S, FloatMath.EXP_P0);
      p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P1));
      p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P2));
      p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P3));
      p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P4));
      p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P5));
      p = p.fma(r.mul(r), r).add(1f);
      FloatVector u =
          p.mul(exponent.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      FloatVector w = u.add(1f);
      IntVector bits = w.reinterpretAsInts();
      IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126);
      FloatVector m = bits.and(0x007fffff).or(0x3f000000).reinterpretAsFloats();
      VectorMask<Float> below = m.compare(VectorOperators.LT, FloatMath.SQRT_HALF);
      FloatVector z0 = m.sub(1f).blend(m.add(m).sub(1f), below);
      FloatVector ef = e.add(FloatMath.MAGIC_BITS).reinterpretAsFloats().sub(FloatMath.MAGIC);
      ef = ef.blend(ef.sub(1f), below);
      FloatVector z = z0.mul(z0);
      FloatVector y = FloatVector.broadcast(S, FloatMath.LOG_P0);
      y = y.fma(z0, FloatVector.broadcast(S, FloatMath.LOG_P1));
      y = y.fma(z0, FloatVector.broadcast(S, FloatMath.LOG_P2));
      y = y.fma(z0, FloatVector.broadcast(S, FloatMath.LOG_P3));
      y = y.fma(z0, FloatVector.broadcast(S, FloatMath.LOG_P4));
      y = y.fma(z0, FloatVector.broadcast(S, FloatMath.LOG_P5));
      y = y.fma(z0, FloatVector.broadcast(S, FloatMath.LOG_P6));
      y = y.fma(z0, FloatVector.broadcast(S, FloatMath.LOG_P7));
      y = y.fma(z0, FloatVector.broadcast(S, FloatMath.LOG_P8));
      y = y.mul(z0).mul(z);
      y = ef.fma(FloatVector.broadcast(S, FloatMath.LN2_LO), y);
      y = z.fma(FloatVector.broadcast(S, -0.5f), y);
      FloatVector logged = ef.fma(FloatVector.broadcast(S, FloatMath.LN2_HI), z0.add(y))
          .add(u.sub(w.sub(1f)).div(w));
      v.max(0f).add(logged).intoArray(x, i);
    }
    SCALAR.softplus(x, i, off + len - i);
  }

  // ---- FloatMath's functions, lane by lane, in the same order of operations ---------------
  // They are small and called from hot loops, so C2 inlines them and the vectors stay unboxed.

  static FloatVector exp(FloatVector x) {
    FloatVector c = x.max(FloatMath.EXP_LO).min(FloatMath.EXP_HI);
    FloatVector t = c.fma(FloatMath.LOG2E, FloatMath.MAGIC);
    FloatVector n = t.sub(FloatMath.MAGIC);
    IntVector exponent = t.reinterpretAsInts().sub(FloatMath.MAGIC_BITS);
    FloatVector r = n.fma(FloatVector.broadcast(S, -FloatMath.LN2_HI), c);
    r = n.fma(FloatVector.broadcast(S, -FloatMath.LN2_LO), r);
    FloatVector p = FloatVector.broadcast(S, FloatMath.EXP_P0);
    p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P1));
    p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P2));
    p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P3));
    p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P4));
    p = p.fma(r, FloatVector.broadcast(S, FloatMath.EXP_P5));
    p = p.fma(r.mul(r), r).add(1f);
    FloatVector scale =
        exponent.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(scale);
  }

  static FloatVector expm1(FloatVector x) {
    FloatVector p = FloatVector.broadcast(S, FloatMath.EXPM1_P0);
    p = p.fma(x, FloatVector.broadcast(S, FloatMath.EXPM1_P1));
    p = p.fma(x, FloatVector.broadcast(S, FloatMath.EXPM1_P2));
    p = p.fma(x, FloatVector.broadcast(S, FloatMath.EXPM1_P3));
    p = p.fma(x, FloatVector.broadcast(S, FloatMath.EXPM1_P4));
    p = p.fma(x, FloatVector.broadcast(S, FloatMath.EXPM1_P5));
    p = p.fma(x, FloatVector.broadcast(S, FloatMath.EXPM1_P6));
    p = p.fma(x, FloatVector.broadcast(S, FloatMath.EXPM1_P7));
    FloatVector near = p.mul(x);
    FloatVector far = exp(x).sub(1f);
    return far.blend(near, x.abs().compare(VectorOperators.LE, FloatMath.EXPM1_NEAR));
  }

  static FloatVector tanh(FloatVector x) {
    FloatVector a = x.abs();
    FloatVector s = exp(a.add(a));
    FloatVector large = FloatVector.broadcast(S, 1f)
        .sub(FloatVector.broadcast(S, 2f).div(s.add(1f)));
    large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
    FloatVector z = x.mul(x);
    FloatVector p = FloatVector.broadcast(S, FloatMath.TANH_P0);
    p = p.fma(z, FloatVector.broadcast(S, FloatMath.TANH_P1));
    p = p.fma(z, FloatVector.broadcast(S, FloatMath.TANH_P2));
    p = p.fma(z, FloatVector.broadcast(S, FloatMath.TANH_P3));
    p = p.fma(z, FloatVector.broadcast(S, FloatMath.TANH_P4));
    FloatVector small = p.mul(z).fma(x, x);
    return small.blend(large, a.compare(VectorOperators.GE, FloatMath.TANH_SMALL));
  }

  static void reluBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
      FloatVector.zero(S)
          .blend(FloatVector.fromArray(S, g, gOff + i), yv.compare(VectorOperators.GT, 0f))
          .intoArray(g, gOff + i);
    }
    SCALAR.reluBackward(y, yOff + i, g, gOff + i, len - i);
  }

  static void leakyReluBackward(float[] y, int yOff, float[] g, int gOff, int len, float alpha) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
      FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
      gv.mul(alpha).blend(gv, yv.compare(VectorOperators.GT, 0f)).intoArray(g, gOff + i);
    }
    SCALAR.leakyReluBackward(y, yOff + i, g, gOff + i, len - i, alpha);
  }

  static void sigmoidBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector s = FloatVector.fromArray(S, y, yOff + i);
      FloatVector.fromArray(S, g, gOff + i).mul(s.mul(one.sub(s))).intoArray(g, gOff + i);
    }
    SCALAR.sigmoidBackward(y, yOff + i, g, gOff + i, len - i);
  }

  static void tanhBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector t = FloatVector.fromArray(S, y, yOff + i);
      FloatVector.fromArray(S, g, gOff + i).mul(one.sub(t.mul(t))).intoArray(g, gOff + i);
    }
    SCALAR.tanhBackward(y, yOff + i, g, gOff + i, len - i);
  }

  static void softplusBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector d = expm1(FloatVector.fromArray(S, y, yOff + i).neg()).neg();
      FloatVector.fromArray(S, g, gOff + i).mul(d).intoArray(g, gOff + i);
    }
    SCALAR.softplusBackward(y, yOff + i, g, gOff + i, len - i);
  }
}
