package org.dendrite.runtime.support;

import java.util.Arrays;
import org.dendrite.runtime.kernel.Kernels;

/**
 * 3×3 convolutions with strides 1 by Winograd's minimal filtering F(4×4, 3×3) (Lavin and Gray,
 * 2016), for prediction: each 4×4 block of output pixels takes 36 multiplications per input
 * channel and filter instead of 144. A tile's 6×6 input pixels and the kernel become 36 points
 * each ({@code Bᵀ d B} and {@code G g Gᵀ}, interpolation points 0, ±1, ±2); point by point, the
 * tiles' points times the kernel's are 36 matrix products over the channels ({@link
 * Kernels#matmul}); {@code Aᵀ M A} turns each tile's 36 products back into its outputs, to which
 * the transform adds the bias and applies the ReLU.
 *
 * <p>The outputs are {@link Convolutions#convolve}'s to within rounding, not bit for bit: the
 * transforms add and subtract values up to eight times larger than the result, and a tile's
 * outputs share its 36 values. Over 60 random geometries (values in ±1, 16–39 channels, 16–65
 * filters) the largest difference from direct convolution was 2.5·10⁻⁶ of {@code Σ |window
 * value · weight| + |bias|}; {@code WinogradTest} allows 10⁻⁵. A NaN or an
 * infinity among a tile's inputs makes all 16 of its outputs NaN or infinite (direct convolution
 * spreads it only to the windows that read it). Training keeps the direct products, whose every output is one
 * chain of fused multiply-adds; these outputs, too, are the same on the vector and the scalar
 * kernels, bit for bit, and the same for any batch size or thread count.
 */
public final class Winograd {
  /** Output pixels a tile covers along each side. */
  public static final int TILE = 4;

  /** Input pixels a tile reads along each side. */
  private static final int SPAN = TILE + 2;

  /** Points per tile. */
  private static final int POINTS = SPAN * SPAN;

  /**
   * Tiles whose points a block multiplies together: the products' rows, enough for the register
   * tiles to run their long shapes, few enough that a block's points and products stay in L2.
   */
  private static final int BLOCK_TILES = 24;

  /** Fewest input channels and filters worth the transforms. */
  private static final int MIN_DEPTH = 16;

  private static final Kernels K = Kernels.get();

  /** Per-thread padded image, points and products, grown to the largest layer's. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    float[] image = new float[0];
    float[] points = new float[0];
    float[] products = new float[0];
    /** The geometry whose borders {@link #image} holds zeros for, or null. */
    Window2D bordered;
  }

  private Winograd() {}

  /**
   * Whether {@link #convolve} computes a convolution of this geometry with {@code filters}
   * filters, and is worth it: a 3×3 window with strides 1, at least 16 input channels and 16
   * filters (fewer leave the products too short to repay the transforms), and at least 4×4 output
   * pixels.
   */
  public static boolean suits(Window2D g, int filters) {
    return g.windowHeight() == 3 && g.windowWidth() == 3 && g.strideY() == 1
        && g.strideX() == 1 && g.channels() >= MIN_DEPTH && filters >= MIN_DEPTH
        && g.outHeight() >= TILE && g.outWidth() >= TILE;
  }

  private static int tilesY(Window2D g) {
    return (g.outHeight() + TILE - 1) / TILE;
  }

  private static int tilesX(Window2D g) {
    return (g.outWidth() + TILE - 1) / TILE;
  }

  /**
   * A 3×3 kernel's 36 points, {@code [36][channels][filters]}: immutable, shareable between
   * threads.
   */
  public static final class Points {
    private final Window2D window;
    private final int filters;
    private final float[] values;

    private Points(Window2D window, int filters) {
      this.window = window;
      this.filters = filters;
      this.values = new float[length("36 points of the kernel",
          (long) POINTS * window.channels() * filters, window.channels(), filters)];
    }

    /** The geometry the points were made for. */
    public Window2D window() {
      return window;
    }

    /** Filters of the kernel. */
    public int filters() {
      return filters;
    }
  }

  /**
   * The points of the {@code [3][3][channels][filters]} kernel at {@code kernel[offset]} (Keras'
   * layout, as the generated classes keep it) for convolutions of geometry {@code g}.
   *
   * @throws IllegalArgumentException if {@link #suits} says no, the points would not fit an
   *     array, or the kernel is too short
   */
  public static Points transform(Window2D g, float[] kernel, int offset, int filters) {
    check(g, filters);
    // The kernel before the points: a lying filter count must not allocate them first.
    Checks.samples("kernel", kernel, offset, 9, (long) g.channels() * filters);
    Points p = new Points(g, filters);
    transformInto(kernel, offset, p, new double[WORK]);
    return p;
  }

  private static Window2D check(Window2D g, int filters) {
    if (!suits(g, filters)) {
      throw new IllegalArgumentException(String.format("Winograd F(4×4, 3×3) does not take a"
          + " %d×%d window with strides %d×%d over %d channels into %d filters and %d×%d pixels",
          g.windowHeight(), g.windowWidth(), g.strideY(), g.strideX(), g.channels(), filters,
          g.outHeight(), g.outWidth()));
    }
    // The points are the largest of the layer's arrays: refused here, before any is allocated.
    length("36 points of the kernel", (long) POINTS * g.channels() * filters, g.channels(),
        filters);
    return g;
  }

  /**
   * {@code size}, computed in {@code long} by the caller, as the length of an array of {@code
   * what} for a layer of {@code channels} input channels and {@code filters} filters.
   *
   * @throws IllegalArgumentException if no array holds that many values
   */
  private static int length(String what, long size, int channels, int filters) {
    if (size > Checks.MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException(String.format("Winograd F(4×4, 3×3) over %d channels"
          + " into %d filters needs %s, %d values, more than an array holds (%d)", channels,
          filters, what, size, Checks.MAX_ARRAY_LENGTH));
    }
    return (int) size;
  }

  /** Weights {@link #transformInto} transforms before it writes their points out. */
  private static final int BLOCK = 32;

  /** Doubles {@link #transformInto} works in: a kernel's nine, {@code G g}'s 18, a block's points. */
  private static final int WORK = 27 + POINTS * BLOCK;

  /**
   * {@code G g Gᵀ} for each channel and filter of the checked {@code kernel}, in double, rounded
   * once. A block of adjacent
   * weights at a time, its points kept in {@code work} and then written plane by plane: written
   * weight by weight, the 36 planes (8 KB apart for {@code conv2}) fell into the same cache sets,
   * and the transform took 0.64 ms.
   */
  private static void transformInto(float[] kernel, int offset, Points p, double[] work) {
    int c = p.window.channels();
    int f = p.filters;
    int taps = c * f; // from one tap of the kernel to the next
    for (int q0 = 0; q0 < taps; q0 += BLOCK) {
      int len = Math.min(BLOCK, taps - q0);
      for (int u = 0; u < len; u++) {
        for (int t = 0; t < 9; t++) {
          work[t] = kernel[offset + t * taps + q0 + u];
        }
        for (int x = 0; x < 3; x++) { // G·g, 6×3, from work[9]
          g(work[x], work[3 + x], work[6 + x], work, 9 + x, 3);
        }
        for (int i = 0; i < SPAN; i++) { // (G·g)·Gᵀ's row i, from work[27]
          g(work[9 + 3 * i], work[9 + 3 * i + 1], work[9 + 3 * i + 2], work,
              27 + 6 * i * BLOCK + u, BLOCK);
        }
      }
      for (int xi = 0; xi < POINTS; xi++) {
        for (int u = 0; u < len; u++) {
          p.values[xi * taps + q0 + u] = (float) work[27 + xi * BLOCK + u];
        }
      }
    }
  }

  /** {@code G}'s six rows over three taps, into {@code out[at + i·step]}. */
  private static void g(double w0, double w1, double w2, double[] out, int at, int step) {
    out[at] = w0 / 4;
    out[at + step] = -(w0 + w1 + w2) / 6;
    out[at + 2 * step] = -(w0 - w1 + w2) / 6;
    out[at + 3 * step] = w0 / 24 + w1 / 12 + w2 / 6;
    out[at + 4 * step] = w0 / 24 - w1 / 12 + w2 / 6;
    out[at + 5 * step] = w2;
  }

  /**
   * The points of a kernel that may change between calls (a trainable model's parameters):
   * {@link #of} compares the kernel with the copy it last transformed and transforms it again
   * only when a value differs. One per thread: not thread-safe. Allocates in its constructor
   * only.
   */
  public static final class Cache {
    private final Window2D window;
    private final int filters;
    private final int size;
    private final float[] copy;
    private final Points points;
    private final double[] work = new double[WORK];
    private boolean stale = true;

    /**
     * A cache for kernels of convolutions of geometry {@code g} into {@code filters} filters.
     *
     * @throws IllegalArgumentException if {@link #suits} says no, or the kernel's points would not
     *     fit an array
     */
    public Cache(Window2D g, int filters) {
      this.window = check(g, filters);
      this.filters = filters;
      this.size = length("a copy of the kernel", 9L * g.channels() * filters, g.channels(),
          filters);
      this.copy = new float[size];
      this.points = new Points(window, filters);
    }

    /**
     * The points of the kernel now at {@code kernel[offset]}.
     *
     * @throws IllegalArgumentException if the kernel is too short
     */
    public Points of(float[] kernel, int offset) {
      Checks.samples("kernel", kernel, offset, 1, size);
      if (stale || !Arrays.equals(kernel, offset, offset + size, copy, 0, size)) {
        System.arraycopy(kernel, offset, copy, 0, size);
        transformInto(copy, 0, points, work);
        stale = false;
      }
      return points;
    }
  }

  /**
   * {@code out = act(windows · kernel + bias)} for {@code n} images, as {@link
   * Convolutions#convolve} computes it (to within rounding; see the class comment), {@code act}
   * the ReLU if {@code relu} and the identity otherwise, {@code bias} {@code filters} values or
   * {@code null}. The output is {@code [n·OH·OW][filters]} at {@code outOffset}.
   *
   * @throws IllegalArgumentException if the points were made for another geometry, an array is
   *     too short for the sizes, or a block of tiles needs more values than an array holds
   */
  public static void convolve(Window2D g, float[] in, int inOffset, int n, Points kernel,
      float[] bias, int biasOffset, boolean relu, float[] out, int outOffset) {
    if (!kernel.window.equals(g)) {
      throw new IllegalArgumentException("points made for " + kernel.window + " used for " + g);
    }
    int c = g.channels();
    int f = kernel.filters;
    int pixels = g.outputPixels();
    Checks.samples("in", in, inOffset, n, g.inputSize());
    Checks.samples("out", out, outOffset, n, (long) pixels * f);
    if (bias != null) {
      Checks.samples("bias", bias, biasOffset, 1, f);
    }
    int tilesY = tilesY(g);
    int tilesX = tilesX(g);
    int tiles = tilesY * tilesX;
    int per = Math.max(1, Math.min(n, BLOCK_TILES / tiles)); // images per block
    int rows = per * tiles;
    Scratch s = scratch(g, f, rows);
    int pitch = (TILE * tilesX + 2) * c;
    for (int b0 = 0; b0 < n; b0 += per) {
      int count = Math.min(per, n - b0);
      for (int b = 0; b < count; b++) {
        pad(g, in, inOffset + (b0 + b) * g.inputSize(), s.image, pitch);
        K.winogradInput(s.image, 0, pitch, tilesY, tilesX, c, s.points, b * tiles * c, rows * c);
      }
      for (int xi = 0; xi < POINTS; xi++) {
        K.matmul(s.points, xi * rows * c, c, kernel.values, xi * c * f, null, 0, s.products,
            xi * rows * f, f, count * tiles, c, f);
      }
      for (int b = 0; b < count; b++) {
        K.winogradOutput(s.products, b * tiles * f, rows * f, tilesY, tilesX, f, bias,
            biasOffset, relu, out, outOffset + (b0 + b) * pixels * f, g.outHeight(),
            g.outWidth());
      }
    }
  }

  /** This thread's scratch, grown for blocks of {@code rows} tiles of {@code g}. */
  private static Scratch scratch(Window2D g, int filters, int rows) {
    int c = g.channels();
    // All three sizes before anything is allocated.
    int image = length("a padded image",
        (TILE * (long) tilesY(g) + 2) * (TILE * (long) tilesX(g) + 2) * c, c, filters);
    int points = length("a block's tile points", (long) POINTS * rows * c, c, filters);
    int products = length("a block's products", (long) POINTS * rows * filters, c, filters);
    Scratch s = SCRATCH.get();
    if (s.image.length < image) {
      s.image = new float[image];
      s.bordered = null;
    }
    if (s.points.length < points) {
      s.points = new float[points];
    }
    if (s.products.length < products) {
      s.products = new float[products];
    }
    if (!g.equals(s.bordered)) {
      // Only the image's own pixels are copied in: what lies around them stays zero.
      Arrays.fill(s.image, 0, image, 0f);
      s.bordered = g;
    }
    return s;
  }

  /**
   * Copies the image at {@code in[from]} into {@code image} at the padding's offset, rows
   * {@code pitch} values apart; what the tiles read around it is zero already. Rows and columns
   * no tile reads are left out.
   */
  private static void pad(Window2D g, float[] in, int from, float[] image, int pitch) {
    int c = g.channels();
    int rows = Math.min(g.height(), TILE * tilesY(g) + 2 - g.padTop());
    int run = Math.min(g.width(), TILE * tilesX(g) + 2 - g.padLeft()) * c;
    int at = g.padTop() * pitch + g.padLeft() * c;
    int row = g.width() * c;
    for (int y = 0; y < rows; y++, at += pitch) {
      System.arraycopy(in, from + y * row, image, at, run);
    }
  }
}
