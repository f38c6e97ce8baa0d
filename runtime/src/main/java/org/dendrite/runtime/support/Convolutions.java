package org.dendrite.runtime.support;

import java.util.Arrays;
import org.dendrite.runtime.kernel.Kernels;

/**
 * The data movement around a convolution's product, for channels-last images: {@link #im2col}
 * lays each output pixel's window out as a row, so that the convolution is one matrix product
 * with the kernel {@code [FH·FW·C][filters]}; {@link #col2im} adds the rows' gradients back into
 * the input's. Plain copies and sums in a fixed order, shared by both kernel paths. Inference,
 * which keeps no windows for a backward pass, takes {@link #convolve}: the same product with the
 * windows read in place.
 */
public final class Convolutions {
  /** Window rows shorter than this are copied by a loop rather than by arraycopy. */
  private static final int SHORT_RUN = 16;

  private static final Kernels K = Kernels.get();

  /** Per-thread tables and padded image of {@link #convolve}, grown to the largest layer's. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    int[] rows = new int[0];
    int[] depths = new int[0];
    /**
     * {@link #kernelGradient}'s rows over a batch of unpadded images, the layout they are for
     * (null: none) and how many images they cover.
     */
    int[] batchRows = new int[0];
    Window2D batchRowsFor;
    int batchRowsImages;
    float[] image = new float[0];
    /** The last layout's rows read below the image, pixels per padded row, and whether padded. */
    int padBottom;
    int wide;
    boolean padded;
    /** The layout the tables hold (null: none), and the one whose zero border the image holds. */
    Window2D tablesFor;
    Window2D borderFor;
    /** {@link #convolvePlanes}' tables, and the layout they hold (null: none). */
    int[] planeRows = new int[0];
    int[] planeDepths = new int[0];
    Window2D planeTablesFor;
    /**
     * {@link #convolvePlanes}' rows over a batch of images, the layout they are for (null: none)
     * and how many images they cover.
     */
    int[] planeBatchRows = new int[0];
    Window2D planeBatchRowsFor;
    int planeBatchRowsImages;
    /** One image's pooled values channels-last, on their way to planes. */
    float[] pooled = new float[0];
    /**
     * {@link #kernelGradientPooled}'s padded image, its routed gradient planes (both zero where no
     * image value or window reaches, for the layout {@code planesFor}), the pooled gradient as
     * planes and the partial sums; and one image's convolution outputs, for the kernels of {@link
     * #convolveMaxPoolKeep} and of a {@link #convolveMaxPool} given no buffer of them.
     */
    float[] planeImage = new float[0];
    float[] routed = new float[0];
    Window2D planesFor;
    int planesFilters;
    float[] gradientPlanes = new float[0];
    float[] partials = new float[0];
    float[] kept = new float[0];
    /**
     * {@link #convolveMaxPoolArgmax}'s outputs of one image and {@link #kernelGradientArgmax}'s
     * gradient of them (zero where no window reaches, for the layout {@code argmaxFor}).
     */
    float[] convImage = new float[0];
    float[] routedImage = new float[0];
    Window2D argmaxFor;
    /** {@link #col2im}'s terms, pixel by pixel, and where each pixel's terms start. */
    int[] sumOffsets = new int[0];
    int[] sumStarts = new int[0];
    Window2D sumsFor;

    /** This thread's scratch, laid out for {@code g}'s padded images (the image grown to one). */
    static Scratch of(Window2D g) {
      // Rows and columns the last windows read below and right of the image (padding).
      int padBottom = Math.max(0,
          (g.outHeight() - 1) * g.strideY() + g.windowHeight() - g.padTop() - g.height());
      int padRight = Math.max(0,
          (g.outWidth() - 1) * g.strideX() + g.windowWidth() - g.padLeft() - g.width());
      int wide = g.width() + g.padLeft() + padRight; // pixels per row of the image read
      int high = g.height() + g.padTop() + padBottom;
      long imageSize = (long) high * wide * g.channels();
      if (imageSize > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "a padded " + high + "×" + wide + "×" + g.channels() + " image does not fit an array");
      }
      Scratch s = SCRATCH.get();
      s.padBottom = padBottom;
      s.wide = wide;
      s.padded = g.padTop() > 0 || g.padLeft() > 0 || padBottom > 0 || padRight > 0;
      if (s.padded && s.image.length < imageSize) {
        s.image = new float[(int) imageSize];
        s.borderFor = null;
      }
      return s;
    }
  }

  private Convolutions() {}

  /**
   * Writes the windows of {@code n} images from {@code in} at {@code inOffset} into {@code
   * patches} from 0: row {@code (image · OH + y) · OW + x} holds the window at output pixel
   * {@code (y, x)}, {@code [FH][FW][C]} values, with zeros where the window lies in the padding.
   */
  public static void im2col(Window2D g, float[] in, int inOffset, int n, float[] patches) {
    Checks.samples("in", in, inOffset, n, g.inputSize());
    Checks.samples("patches", patches, 0, n, (long) g.outputPixels() * g.depth());
    int h = g.height();
    int w = g.width();
    int c = g.channels();
    int fh = g.windowHeight();
    int fw = g.windowWidth();
    int run = fw * c; // one window row: contiguous in the input when inside it
    int p = 0;
    for (int b = 0; b < n; b++) {
      int image = inOffset + b * g.inputSize();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int y0 = oy * g.strideY() - g.padTop();
        for (int ox = 0; ox < g.outWidth(); ox++) {
          int x0 = ox * g.strideX() - g.padLeft();
          boolean inside = x0 >= 0 && x0 + fw <= w;
          for (int ky = 0; ky < fh; ky++) {
            int y = y0 + ky;
            if (y < 0 || y >= h) {
              Arrays.fill(patches, p, p + run, 0f);
            } else if (inside && run < SHORT_RUN) {
              // A few values (a one-channel input's window row): a call to arraycopy costs more.
              int from = image + (y * w + x0) * c;
              for (int i = 0; i < run; i++) {
                patches[p + i] = in[from + i];
              }
            } else if (inside) {
              System.arraycopy(in, image + (y * w + x0) * c, patches, p, run);
            } else {
              for (int kx = 0; kx < fw; kx++) {
                int x = x0 + kx;
                int at = p + kx * c;
                if (x < 0 || x >= w) {
                  Arrays.fill(patches, at, at + c, 0f);
                } else {
                  System.arraycopy(in, image + (y * w + x) * c, patches, at, c);
                }
              }
            }
            p += run;
          }
        }
      }
    }
  }

  /**
   * {@link #convolve} into {@code conv} from {@code convOffset}, then {@link Pooling#max} with
   * {@code pool} over those outputs into {@code out} from 0: the same values, bit for bit. A
   * one-channel first layer on the plane ({@link Kernels#prefersPlane}) pooled 2×2 with strides 2
   * and no padding goes to {@link Kernels#convolvePlaneMaxPool2x2}, which may pool the outputs as
   * it computes them and leave {@code conv} unwritten: for prediction, which needs only the pooled
   * values. Other layers pooled so go image by image through a per-thread buffer, pooled while in
   * the core's cache ({@link #convolveMaxPoolArgmax}'s pass), and leave {@code conv} unwritten too.
   * Where the pooling halves the outputs so (2×2, strides 2, no padding), {@code conv} may be null:
   * a first layer on the plane then goes image by image through a per-thread buffer as well, and
   * the caller needs no buffer of the convolution's outputs (a frozen class's).
   *
   * @throws IllegalArgumentException if an array is too short for the sizes, {@code pool} does
   *     not take the convolution's outputs, or {@code conv} is null for a pooling that does not
   *     halve them
   */
  public static void convolveMaxPool(Window2D g, Window2D pool, float[] in, int inOffset, int n,
      float[] kernel, int kernelOffset, float[] bias, int biasOffset, boolean relu, int filters,
      float[] conv, int convOffset, float[] out) {
    convolveMaxPool(g, pool, in, inOffset, n, kernel, kernelOffset, bias, biasOffset, relu,
        filters, conv, convOffset, out, false);
  }

  /**
   * {@link #convolveMaxPool} with each image's pooled values stored as planes, filter by filter
   * ({@code out[b·F·P + f·P + p]} for pooled pixel {@code p} of {@code P}), as {@link
   * #convolvePlanes} reads them: the same values. A one-channel first layer on the plane leaves
   * its pooled values filter by filter as its tiles make them, where channels-last costs a
   * transposition (about 0.4 µs of LeNet-5's first layer, Zen 5).
   *
   * @throws IllegalArgumentException as {@link #convolveMaxPool}
   */
  public static void convolveMaxPoolPlanes(Window2D g, Window2D pool, float[] in, int inOffset,
      int n, float[] kernel, int kernelOffset, float[] bias, int biasOffset, boolean relu,
      int filters, float[] conv, int convOffset, float[] out) {
    convolveMaxPool(g, pool, in, inOffset, n, kernel, kernelOffset, bias, biasOffset, relu,
        filters, conv, convOffset, out, true);
  }

  private static void convolveMaxPool(Window2D g, Window2D pool, float[] in, int inOffset, int n,
      float[] kernel, int kernelOffset, float[] bias, int biasOffset, boolean relu, int filters,
      float[] conv, int convOffset, float[] out, boolean planes) {
    if (pool.height() != g.outHeight() || pool.width() != g.outWidth()
        || pool.channels() != filters) {
      throw new IllegalArgumentException(String.format("a pooling of %d×%d×%d images after a"
          + " convolution's %d×%d×%d outputs", pool.height(), pool.width(), pool.channels(),
          g.outHeight(), g.outWidth(), filters));
    }
    boolean halves = halves(g, pool, filters); // the sizes match: checked above
    if (conv == null && !halves) {
      throw new IllegalArgumentException(String.format("a %d×%d pooling with strides %d×%d of"
          + " %d×%d×%d outputs needs them in conv: only a pooling that halves them (2×2, strides"
          + " 2) may leave conv null", pool.windowHeight(), pool.windowWidth(), pool.strideY(),
          pool.strideX(), g.outHeight(), g.outWidth(), filters));
    }
    if (halves && !planar(g, filters)) {
      // Image by image through a per-thread buffer, as training's convolveMaxPoolArgmax: a batch
      // of outputs (keras-convnet's first layer: 86 KB an image) would leave the cache between
      // the two passes. conv is left unwritten.
      checkFilters(g, filters);
      Checks.samples("in", in, inOffset, n, g.inputSize());
      if (conv != null) {
        Checks.samples("conv", conv, convOffset, n, (long) g.outputPixels() * filters);
      }
      Checks.samples("out", out, 0, n, (long) pool.outputPixels() * filters);
      poolImageByImage(g, pool, in, inOffset, n, kernel, kernelOffset, bias, biasOffset, relu,
          filters, out, null, planes);
      return;
    }
    if (!halves || !planar(g, filters)) {
      convolve(g, in, inOffset, n, kernel, kernelOffset, bias, biasOffset, relu, filters, conv,
          convOffset);
      if (!planes) {
        Pooling.max(pool, conv, convOffset, n, out);
        return;
      }
      int pixels = pool.outputPixels();
      int size = pixels * filters;
      Checks.samples("out", out, 0, n, size);
      Scratch s = SCRATCH.get();
      if (s.pooled.length < size) {
        s.pooled = new float[size];
      }
      for (int b = 0; b < n; b++) { // image by image through a channels-last buffer
        Pooling.max(pool, conv, convOffset + b * g.outputPixels() * filters, 1, s.pooled);
        K.transpose(s.pooled, 0, pixels, filters, out, b * size);
      }
      return;
    }
    Checks.samples("in", in, inOffset, n, g.inputSize());
    int pixels = g.outputPixels();
    if (conv != null) {
      Checks.samples("conv", conv, convOffset, n, (long) pixels * filters);
    }
    int pooled = pool.outputPixels() * filters;
    Checks.samples("out", out, 0, n, pooled);
    Scratch s = Scratch.of(g);
    if (conv == null && s.kept.length < pixels * filters) {
      s.kept = new float[pixels * filters];
    }
    int wide = s.wide;
    for (int b = 0; b < n; b++) {
      int image = inOffset + b * g.inputSize();
      int to = conv == null ? 0 : convOffset + b * pixels * filters;
      float[] plane = in;
      if (s.padded) {
        pad(g, in, image, s, wide, s.padBottom);
        plane = s.image;
        image = 0;
      }
      K.convolvePlaneMaxPool2x2(plane, image, wide, g.outHeight(), g.outWidth(),
          g.windowHeight(), g.windowWidth(), kernel, kernelOffset, bias, biasOffset, relu,
          conv == null ? s.kept : conv, to, out, b * pooled, filters, planes);
    }
  }

  /**
   * Whether {@link #convolveMaxPoolKeep} and {@link #kernelGradientPooled} take a convolution of
   * geometry {@code g} followed by the max pooling {@code pool}: a one-channel image, strides 1,
   * and a 2×2 pooling with strides 2 and no padding over its outputs.
   */
  public static boolean trainsOnPlanes(Window2D g, Window2D pool, int filters) {
    return g.channels() == 1 && g.strideY() == 1 && g.strideX() == 1 && halves(g, pool, filters);
  }

  private static boolean halves(Window2D g, Window2D pool, int filters) {
    return pool.height() == g.outHeight() && pool.width() == g.outWidth()
        && pool.channels() == filters && pool.windowHeight() == 2 && pool.windowWidth() == 2
        && pool.strideY() == 2 && pool.strideX() == 2 && pool.padTop() == 0
        && pool.padLeft() == 0 && pool.outHeight() == g.outHeight() / 2
        && pool.outWidth() == g.outWidth() / 2;
  }

  private static void checkPlanes(Window2D g, Window2D pool, int filters) {
    checkFilters(g, filters);
    if (!trainsOnPlanes(g, pool, filters)) {
      throw new IllegalArgumentException(String.format("a %d×%d pooling with strides %d×%d of"
          + " %d×%d×%d images after a convolution of %d×%d×%d images, strides %d×%d, into"
          + " %d×%d×%d: trained on planes are one-channel images at strides 1, pooled 2×2 with"
          + " strides 2", pool.windowHeight(), pool.windowWidth(), pool.strideY(),
          pool.strideX(), pool.height(), pool.width(), pool.channels(), g.height(), g.width(),
          g.channels(), g.strideY(), g.strideX(), g.outHeight(), g.outWidth(), filters));
    }
  }

  /**
   * The ints a sample's record of {@link #convolveMaxPoolKeep} takes: each pooled value's pixel,
   * twice ({@link Kernels#convolvePlaneMaxPool2x2Argmax}).
   */
  public static long keptPerSample(Window2D pool) {
    return 2L * pool.outputPixels() * pool.channels();
  }

  /**
   * Training's forward pass through a one-channel first layer and the max pooling that alone reads
   * it ({@link #trainsOnPlanes}): the values of {@link #convolve} then {@link Pooling#max}, the
   * pooled ones channels-last into {@code out} from 0, and for the backward pass where each max
   * came from, as planes ({@link Kernels#convolvePlaneMaxPool2x2Argmax}'s record, {@link
   * #keptPerSample} ints an image into {@code argmax} from 0): none of the convolution's outputs
   * are kept. With {@code argmax} null, prediction's pass: the same pooled values ({@link
   * Kernels#convolvePlaneMaxPool2x2}), nothing recorded, each image through a per-thread buffer.
   *
   * @throws IllegalArgumentException if an array is too short for the sizes, or the layers are not
   *     trained on planes
   */
  public static void convolveMaxPoolKeep(Window2D g, Window2D pool, float[] in, int inOffset,
      int n, float[] kernel, int kernelOffset, float[] bias, int biasOffset, boolean relu,
      int filters, int[] argmax, float[] out) {
    checkPlanes(g, pool, filters);
    Checks.samples("in", in, inOffset, n, g.inputSize());
    int pixels = g.outputPixels();
    long kept = keptPerSample(pool);
    if (argmax != null) {
      Checks.indexSamples("argmax", argmax, 0, n, kept);
    }
    int pooled = pool.outputPixels() * filters;
    Checks.samples("out", out, 0, n, pooled);
    Scratch s = Scratch.of(g);
    if (s.kept.length < pixels * filters) {
      s.kept = new float[pixels * filters];
    }
    int wide = s.wide;
    for (int b = 0; b < n; b++) {
      int image = inOffset + b * g.inputSize();
      float[] plane = in;
      if (s.padded) {
        pad(g, in, image, s, wide, s.padBottom);
        plane = s.image;
        image = 0;
      }
      if (argmax == null) {
        K.convolvePlaneMaxPool2x2(plane, image, wide, g.outHeight(), g.outWidth(),
            g.windowHeight(), g.windowWidth(), kernel, kernelOffset, bias, biasOffset, relu,
            s.kept, 0, out, b * pooled, filters);
      } else {
        K.convolvePlaneMaxPool2x2Argmax(plane, image, wide, g.outHeight(), g.outWidth(),
            g.windowHeight(), g.windowWidth(), kernel, kernelOffset, bias, biasOffset, relu,
            argmax, (int) (b * kept), out, b * pooled, filters, s.kept);
      }
    }
  }

  /**
   * The backward pass of {@link #convolveMaxPoolKeep}: the pooling's gradient routed on planes to
   * where each max came from ({@link Kernels#routeArgmaxPlanes2x2}; the record already holds the
   * ReLU's derivative), then the kernel's gradient {@code [FH·FW][filters]} over the {@code n}
   * images into {@code gradients} at {@code kernelOffset} and the bias's at {@code biasOffset}
   * (negative: none), both overwritten. {@code argmax} holds the forward pass's record, {@code
   * pooledGradient} the loss gradient with respect to the pooled values, channels-last ({@code
   * [n·P][filters]}, read only). Each weight's sum runs as 16 partial sums over the images, rows
   * and columns in order ({@link Kernels#planeKernelGradient}), added up in order at the end:
   * other bits than {@link #kernelGradient}'s single chains, the same on every kernel, batch split
   * and thread count.
   *
   * @throws IllegalArgumentException if an array is too short for the sizes, or the layers are not
   *     trained on planes
   */
  public static void kernelGradientPooled(Window2D g, Window2D pool, float[] in, int inOffset,
      int n, int[] argmax, float[] pooledGradient, int filters, float[] gradients,
      int kernelOffset, int biasOffset) {
    checkPlanes(g, pool, filters);
    Checks.samples("in", in, inOffset, n, g.inputSize());
    int oh = g.outHeight();
    int ow = g.outWidth();
    long kept = keptPerSample(pool);
    Checks.indexSamples("argmax", argmax, 0, n, kept);
    int pooledPixels = pool.outputPixels();
    Checks.samples("pooledGradient", pooledGradient, 0, n, (long) pooledPixels * filters);
    int taps = g.windowHeight() * g.windowWidth();
    Checks.samples("gradients", gradients, kernelOffset, 1, (long) taps * filters);
    if (biasOffset >= 0) {
      Checks.samples("gradients", gradients, biasOffset, 1, filters);
    }
    int parts = Kernels.PLANE_PARTIALS;
    // The routed rows and the image's share a pitch: whole partial-sum blocks, wide enough for a
    // row of windows.
    long pitch = (ow + g.windowWidth() - 1L + parts - 1) / parts * parts;
    long rows = oh + g.windowHeight() - 1L;
    long imageSize = rows * pitch + g.windowWidth() - 1;
    long routedSize = (long) filters * oh * pitch;
    long partialsSize = (taps + 1L) * filters * parts;
    if (imageSize > Integer.MAX_VALUE || routedSize > Integer.MAX_VALUE
        || partialsSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format("%d planes of %d×%d outputs in rows of %d"
          + " do not fit an array", filters, oh, ow, pitch));
    }
    Scratch s = SCRATCH.get();
    if (!g.equals(s.planesFor) || s.planesFilters != filters) {
      s.planesFor = null; // until both are zero where nothing writes them
      if (s.planeImage.length < imageSize) {
        s.planeImage = new float[(int) imageSize];
      }
      if (s.routed.length < routedSize) {
        s.routed = new float[(int) routedSize];
      }
      Arrays.fill(s.planeImage, 0, (int) imageSize, 0f);
      Arrays.fill(s.routed, 0, (int) routedSize, 0f);
      s.planesFor = g;
      s.planesFilters = filters;
    }
    if (s.gradientPlanes.length < 2 * pooledPixels * filters) {
      s.gradientPlanes = new float[2 * pooledPixels * filters];
    }
    if (s.partials.length < partialsSize) {
      s.partials = new float[(int) partialsSize];
    }
    float[] image = s.planeImage;
    float[] routed = s.routed;
    float[] planes = s.gradientPlanes;
    float[] partials = s.partials;
    Arrays.fill(partials, 0, (int) partialsSize, 0f);
    int w = g.width();
    // The image's rows and columns that windows read (a layout may leave the last ones unread).
    int readRows = (int) Math.min(g.height(), rows - g.padTop());
    int readCols = Math.min(w, ow + g.windowWidth() - 1 - g.padLeft());
    for (int b = 0; b < n; b++) {
      int from = inOffset + b * g.inputSize();
      for (int y = 0; y < readRows; y++) {
        System.arraycopy(in, from + y * w, image, (int) ((y + g.padTop()) * pitch)
            + g.padLeft(), readCols);
      }
      spreadToPlanes(pooledGradient, b * pooledPixels * filters, pooledPixels, filters, planes);
      K.routeArgmaxPlanes2x2(argmax, (int) (b * kept), oh, ow, planes, 0, routed, 0, (int) pitch,
          filters);
      K.planeKernelGradient(routed, 0, (int) pitch, oh, filters, image, 0, g.windowHeight(),
          g.windowWidth(), partials);
    }
    for (int q = 0; q < (taps + 1) * filters; q++) { // each weight's 16 sums, in order
      if (q >= taps * filters && biasOffset < 0) {
        break;
      }
      float sum = partials[q * parts];
      for (int l = 1; l < parts; l++) {
        sum += partials[q * parts + l];
      }
      gradients[q < taps * filters ? kernelOffset + q : biasOffset + q - taps * filters] = sum;
    }
  }

  /**
   * One image's pooled gradient, channels-last from {@code from}, as planes with each value twice
   * (for both columns of its window, as {@link Kernels#routeArgmaxPlanes2x2} reads them).
   */
  private static void spreadToPlanes(float[] gradient, int from, int pixels, int filters,
      float[] planes) {
    for (int p = 0, i = from; p < pixels; p++) {
      for (int f = 0; f < filters; f++, i++) {
        float v = gradient[i];
        int at = 2 * (f * pixels + p);
        planes[at] = v;
        planes[at + 1] = v;
      }
    }
  }

  /** Refuses a kernel of {@code filters} by a window's values that would not fit an array. */
  private static void checkKernel(Window2D g, int filters) {
    if ((long) g.depth() * filters > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(filters + " filters by windows of " + g.depth()
          + " values do not fit an array");
    }
  }

  /** Refuses a filter count that is not positive or whose outputs would not fit an array. */
  private static void checkFilters(Window2D g, int filters) {
    if (filters < 1 || (long) g.outputPixels() * filters > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(filters + " filters over " + g.outputPixels()
          + " output pixels are not an image's outputs");
    }
  }

  /** Whether {@link #convolve} computes {@code g}'s outputs on the plane. */
  private static boolean planar(Window2D g, int filters) {
    return g.channels() == 1 && g.strideY() == 1 && g.strideX() == 1
        && K.prefersPlane(g.outWidth(), filters);
  }

  /**
   * {@code out = act(windows · kernel + bias)} for {@code n} images, {@code act} the ReLU if
   * {@code relu} and the identity otherwise: bit for bit {@link #im2col} followed by {@link
   * Kernels#matmul} (and {@link Kernels#relu}), without the windows' copy. The product gathers
   * each window's values from the image as it reads them ({@link Kernels#matmulGathered}); an
   * image whose windows reach into the padding is first copied once into a zero-bordered buffer.
   * A one-channel image with strides 1 goes to {@link Kernels#convolvePlane} instead where the
   * kernels prefer it ({@link Kernels#prefersPlane}): the same values, output pixels along the
   * vector lanes rather than a first layer's few filters.
   * The kernel is {@code [FH·FW·C][filters]} at {@code kernelOffset}, the bias {@code filters}
   * values or {@code null}, the output {@code [n·OH·OW][filters]} at {@code outOffset}.
   *
   * @throws IllegalArgumentException if an array is too short for the sizes
   */
  public static void convolve(Window2D g, float[] in, int inOffset, int n, float[] kernel,
      int kernelOffset, float[] bias, int biasOffset, boolean relu, int filters, float[] out,
      int outOffset) {
    Checks.samples("in", in, inOffset, n, g.inputSize());
    checkFilters(g, filters);
    int pixels = g.outputPixels();
    Checks.samples("out", out, outOffset, n, (long) pixels * filters);
    int c = g.channels();
    int fh = g.windowHeight();
    int fw = g.windowWidth();
    Scratch s = Scratch.of(g);
    int padBottom = s.padBottom;
    boolean padded = s.padded;
    int wide = s.wide;
    // A first layer's few filters fill few of the gathered product's lanes: its windows'
    // adjacent pixels, one load of the plane, fill them instead.
    if (planar(g, filters)) {
      for (int b = 0; b < n; b++) {
        int image = inOffset + b * g.inputSize();
        int to = outOffset + b * pixels * filters;
        if (padded) {
          pad(g, in, image, s, wide, padBottom);
          K.convolvePlane(s.image, 0, wide, g.outHeight(), g.outWidth(), fh, fw, kernel,
              kernelOffset, bias, biasOffset, relu, out, to, filters);
        } else {
          K.convolvePlane(in, image, wide, g.outHeight(), g.outWidth(), fh, fw, kernel,
              kernelOffset, bias, biasOffset, relu, out, to, filters);
        }
      }
      return;
    }
    tables(g, s, wide);
    int[] rows = s.rows;
    int[] depths = s.depths;
    for (int b = 0; b < n; b++) {
      int image = inOffset + b * g.inputSize();
      int to = outOffset + b * pixels * filters;
      if (padded) {
        pad(g, in, image, s, wide, padBottom);
        K.matmulGathered(s.image, 0, rows, depths, kernel, kernelOffset, bias, biasOffset, relu,
            out, to, pixels, g.depth(), filters);
      } else {
        K.matmulGathered(in, image, rows, depths, kernel, kernelOffset, bias, biasOffset, relu,
            out, to, pixels, g.depth(), filters);
      }
    }
  }

  /**
   * {@link #convolve} of {@code n} images stored as planes, channel by channel ({@code in[inOffset
   * + b·C·H·W + c·H·W + y·W + x]}, as {@link #convolveMaxPoolPlanes} writes them), into the same
   * channels-last outputs, bit for bit: each window's values are read from the planes in the
   * kernel's order ({@link Kernels#matmulGathered} through tables of their offsets). Takes
   * windows that lie inside the image (no padding): a padded image is not stored as planes here.
   *
   * @throws IllegalArgumentException if {@code g} pads the image or an array is too short for the
   *     sizes
   */
  public static void convolvePlanes(Window2D g, float[] in, int inOffset, int n, float[] kernel,
      int kernelOffset, float[] bias, int biasOffset, boolean relu, int filters, float[] out,
      int outOffset) {
    Checks.samples("in", in, inOffset, n, g.inputSize());
    checkFilters(g, filters);
    Scratch s = Scratch.of(g);
    if (s.padded) {
      throw new IllegalArgumentException(String.format("a %d×%d window with padding %d, %d over"
          + " a %d×%d image stored as planes: its windows must lie inside the image",
          g.windowHeight(), g.windowWidth(), g.padTop(), g.padLeft(), g.height(), g.width()));
    }
    int pixels = g.outputPixels();
    Checks.samples("out", out, outOffset, n, (long) pixels * filters);
    if (!g.equals(s.planeTablesFor)) {
      s.planeTablesFor = null; // until they are whole
      if (s.planeRows.length < pixels) {
        s.planeRows = new int[pixels];
      }
      if (s.planeDepths.length < g.depth()) {
        s.planeDepths = new int[g.depth()];
      }
      int w = g.width();
      for (int oy = 0, r = 0; oy < g.outHeight(); oy++) {
        for (int ox = 0; ox < g.outWidth(); ox++, r++) {
          s.planeRows[r] = oy * g.strideY() * w + ox * g.strideX();
        }
      }
      int plane = g.height() * w;
      for (int ky = 0, q = 0; ky < g.windowHeight(); ky++) {
        for (int kx = 0; kx < g.windowWidth(); kx++) {
          for (int c = 0; c < g.channels(); c++, q++) {
            s.planeDepths[q] = c * plane + ky * w + kx;
          }
        }
      }
      s.planeTablesFor = g;
    }
    if (n == 1) {
      K.matmulGathered(in, inOffset, s.planeRows, s.planeDepths, kernel, kernelOffset, bias,
          biasOffset, relu, out, outOffset, pixels, g.depth(), filters);
      return;
    }
    // One product over all the images' windows: each output is the same chain, and the kernels'
    // per-call work (their checks of the tables, the runs, the bias) is paid once, not per image
    // (0.37 µs of LeNet-5's conv2 an image at batch 64, 2026-12-05).
    if (!g.equals(s.planeBatchRowsFor) || s.planeBatchRowsImages < n) {
      // Built for at least n images of g (a table for more holds one for fewer); kept across
      // calls, as a frozen class calls this with the same layout and chunk size.
      s.planeBatchRowsFor = null; // until it is whole
      if (s.planeBatchRows.length < n * pixels) {
        s.planeBatchRows = new int[n * pixels];
      }
      for (int b = 0; b < n; b++) {
        for (int r = 0; r < pixels; r++) {
          s.planeBatchRows[b * pixels + r] = b * g.inputSize() + s.planeRows[r];
        }
      }
      s.planeBatchRowsFor = g;
      s.planeBatchRowsImages = n;
    }
    K.matmulGathered(in, inOffset, s.planeBatchRows, s.planeDepths, kernel, kernelOffset, bias,
        biasOffset, relu, out, outOffset, n * pixels, g.depth(), filters);
  }

  /**
   * {@code kernelGradient[FH·FW·C][filters] = windowsᵀ · gradient} for {@code n} images: the
   * weight gradient of {@link #convolve}, bit for bit {@link #im2col} followed by {@link
   * Kernels#matmulTransA}, without the windows' copy ({@link Kernels#matmulTransAGathered}, image
   * by image, each continuing the chains of the one before). {@code gradient} is {@code
   * [n·OH·OW][filters]} from 0; the result overwrites {@code filters · FH·FW·C} values of {@code
   * kernelGradient} at {@code offset}.
   *
   * @throws IllegalArgumentException if an array is too short for the sizes
   */
  public static void kernelGradient(Window2D g, float[] in, int inOffset, int n,
      float[] gradient, int filters, float[] kernelGradient, int offset) {
    Checks.samples("in", in, inOffset, n, g.inputSize());
    checkFilters(g, filters);
    checkKernel(g, filters);
    int pixels = g.outputPixels();
    Checks.samples("gradient", gradient, 0, n, (long) pixels * filters);
    Checks.samples("kernelGradient", kernelGradient, offset, 1, (long) g.depth() * filters);
    Arrays.fill(kernelGradient, offset, offset + g.depth() * filters, 0f);
    Scratch s = Scratch.of(g);
    tables(g, s, s.wide);
    if (!s.padded && n > 1) {
      // One product over all the images' windows: each chain continues over the images in the
      // same order, and the kernels' per-call work (the tables, a transposed copy) is paid once.
      int m = n * pixels;
      if (!g.equals(s.batchRowsFor) || s.batchRowsImages < n) {
        // Built for at least n images of g (a table for more holds one for fewer); kept across
        // calls, as training calls this with the same layout and chunk size every step.
        if (s.batchRows.length < m) {
          s.batchRows = new int[m];
        }
        for (int b = 0; b < n; b++) {
          for (int r = 0; r < pixels; r++) {
            s.batchRows[b * pixels + r] = b * g.inputSize() + s.rows[r];
          }
        }
        s.batchRowsFor = g;
        s.batchRowsImages = n;
      }
      K.matmulTransAGathered(in, inOffset, s.batchRows, s.depths, gradient, 0, kernelGradient,
          offset, m, g.depth(), filters);
      return;
    }
    for (int b = 0; b < n; b++) {
      imageKernelGradient(g, s, in, inOffset + b * g.inputSize(), gradient, b * pixels * filters,
          filters, kernelGradient, offset);
    }
  }

  /**
   * One image's share of {@link #kernelGradient}: the windows of the image at {@code image} (from
   * the padded copy if {@code g} pads) against its outputs' gradient at {@code from}, each chain
   * continued from the value stored at {@code offset}. {@code s} holds {@code g}'s tables.
   */
  private static void imageKernelGradient(Window2D g, Scratch s, float[] in, int image,
      float[] gradient, int from, int filters, float[] kernelGradient, int offset) {
    if (s.padded) {
      pad(g, in, image, s, s.wide, s.padBottom);
      K.matmulTransAGathered(s.image, 0, s.rows, s.depths, gradient, from, kernelGradient,
          offset, g.outputPixels(), g.depth(), filters);
    } else {
      K.matmulTransAGathered(in, image, s.rows, s.depths, gradient, from, kernelGradient, offset,
          g.outputPixels(), g.depth(), filters);
    }
  }

  /**
   * Training's forward pass through a convolution and the 2×2 max pooling with strides 2 that
   * alone reads it, image by image: each image's outputs ({@link #convolve}'s) into a per-thread
   * buffer, pooled from there while in the core's cache ({@link Kernels#maxWindows2x2Argmax}) into
   * {@code out} from 0, channels-last, with the pixel each max came from into {@code argmax} at the
   * same place (−1 where no gradient goes back, through the ReLU if {@code relu}); {@link
   * #kernelGradientArgmax} is the backward pass. The pooled values are {@link Pooling#max}'s over
   * {@code convolve}'s; no batch of convolution outputs is kept (keras-convnet's first layer: 86 KB
   * an image, which a chunk's worth left in L3 between the two passes). With {@code argmax} null,
   * prediction's pass: the same pooled values, nothing recorded.
   *
   * @throws IllegalArgumentException if an array is too short for the sizes, or {@code pool} is
   *     not 2×2 windows with strides 2 and no padding over the convolution's outputs
   */
  public static void convolveMaxPoolArgmax(Window2D g, Window2D pool, float[] in, int inOffset,
      int n, float[] kernel, int kernelOffset, float[] bias, int biasOffset, boolean relu,
      int filters, float[] out, int[] argmax) {
    checkHalving(g, pool, filters);
    Checks.samples("in", in, inOffset, n, g.inputSize());
    int pooled = pool.outputPixels() * filters;
    Checks.samples("out", out, 0, n, pooled);
    if (argmax != null) {
      Checks.indexSamples("argmax", argmax, 0, n, pooled);
    }
    poolImageByImage(g, pool, in, inOffset, n, kernel, kernelOffset, bias, biasOffset, relu,
        filters, out, argmax, false);
  }

  /**
   * The loop of {@link #convolveMaxPoolArgmax} for checked arguments: each image convolved into
   * the thread's buffer and pooled from it, the argmax recorded unless {@code argmax} is null.
   * With {@code planes} (and no argmax), each image's pooled values go through the thread's
   * {@code pooled} buffer and are stored filter by filter, as {@link #convolveMaxPoolPlanes}
   * stores them.
   */
  private static void poolImageByImage(Window2D g, Window2D pool, float[] in, int inOffset,
      int n, float[] kernel, int kernelOffset, float[] bias, int biasOffset, boolean relu,
      int filters, float[] out, int[] argmax, boolean planes) {
    int size = g.outputPixels() * filters;
    int pooled = pool.outputPixels() * filters;
    Scratch s = SCRATCH.get();
    if (s.convImage.length < size) {
      s.convImage = new float[size];
    }
    if (planes && s.pooled.length < pooled) {
      s.pooled = new float[pooled];
    }
    float[] conv = s.convImage;
    int pitch = g.outWidth() * filters;
    int row = pool.outWidth() * filters;
    for (int b = 0; b < n; b++) {
      convolve(g, in, inOffset + b * g.inputSize(), 1, kernel, kernelOffset, bias, biasOffset,
          relu, filters, conv, 0);
      float[] to = planes ? s.pooled : out;
      int image = planes ? 0 : b * pooled;
      for (int oy = 0; oy < pool.outHeight(); oy++) {
        int o = image + oy * row;
        if (argmax != null) {
          K.maxWindows2x2Argmax(conv, 2 * oy * pitch, pitch, filters, to, o, argmax, o,
              pool.outWidth(), relu);
        } else {
          K.maxWindows(conv, 2 * oy * pitch, pitch, 2 * filters, 2, 2, filters, to, o,
              pool.outWidth());
        }
      }
      if (planes) {
        K.transpose(s.pooled, 0, pool.outputPixels(), filters, out, b * pooled);
      }
    }
  }

  /**
   * The backward pass of {@link #convolveMaxPoolArgmax}, image by image: the pooling's gradient
   * ({@code pooledGradient}, {@code [n·P][filters]} from 0, read only) routed by {@code argmax}
   * ({@link Kernels#routeArgmax2x2}) into a per-thread buffer of one image's outputs, then that
   * image's share of the kernel's gradient ({@link #kernelGradient}'s product, its chains
   * continued image after image) and of the bias's ({@link Kernels#addColumnSums}; none if {@code
   * biasOffset} is negative), both overwritten at their offsets in {@code gradients}, each read
   * from the core's cache. The bits of {@link Pooling#maxBackward(Window2D, float[], int,
   * float[], float[], int, float[], boolean)} (through the ReLU as {@code argmax} records it), then
   * {@code kernelGradient} and {@link Kernels#columnSums(float[], int, int, int, float[], int)
   * columnSums} over the batch.
   *
   * @throws IllegalArgumentException as {@link #convolveMaxPoolArgmax}
   */
  public static void kernelGradientArgmax(Window2D g, Window2D pool, float[] in, int inOffset,
      int n, int[] argmax, float[] pooledGradient, int filters, float[] gradients,
      int kernelOffset, int biasOffset) {
    checkHalving(g, pool, filters);
    checkKernel(g, filters);
    Checks.samples("in", in, inOffset, n, g.inputSize());
    int pooled = pool.outputPixels() * filters;
    Checks.indexSamples("argmax", argmax, 0, n, pooled);
    Checks.samples("pooledGradient", pooledGradient, 0, n, pooled);
    Checks.samples("gradients", gradients, kernelOffset, 1, (long) g.depth() * filters);
    if (biasOffset >= 0) {
      Checks.samples("gradients", gradients, biasOffset, 1, filters);
      Arrays.fill(gradients, biasOffset, biasOffset + filters, 0f);
    }
    Arrays.fill(gradients, kernelOffset, kernelOffset + g.depth() * filters, 0f);
    int pixels = g.outputPixels();
    int size = pixels * filters;
    Scratch s = Scratch.of(g);
    tables(g, s, s.wide);
    if (s.routedImage.length < size) {
      s.routedImage = new float[size];
      s.argmaxFor = null;
    }
    float[] routed = s.routedImage;
    if (!g.equals(s.argmaxFor)) {
      // An odd last row or column of outputs lies in no window: its gradient stays zero.
      Arrays.fill(routed, 0, size, 0f);
      s.argmaxFor = g;
    }
    int pitch = g.outWidth() * filters;
    int row = pool.outWidth() * filters;
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < pool.outHeight(); oy++) {
        int o = b * pooled + oy * row;
        K.routeArgmax2x2(argmax, o, pooledGradient, o, filters, routed, 2 * oy * pitch, pitch,
            pool.outWidth());
      }
      imageKernelGradient(g, s, in, inOffset + b * g.inputSize(), routed, 0, filters, gradients,
          kernelOffset);
      if (biasOffset >= 0) {
        K.addColumnSums(routed, 0, pixels, filters, gradients, biasOffset);
      }
    }
  }

  /**
   * Whether {@link #inputGradientArgmax} takes a convolution of geometry {@code g} and {@code
   * filters} filters, pooled by {@code pool}: strides 1, no padding, and a 2×2 pooling with
   * strides 2 and no padding over its outputs.
   */
  public static boolean scattersByArgmax(Window2D g, Window2D pool, int filters) {
    return g.strideY() == 1 && g.strideX() == 1 && g.padTop() == 0 && g.padLeft() == 0
        && halves(g, pool, filters);
  }

  /**
   * {@link #kernelGradientArgmax}'s gradients for a layer {@linkplain #scattersByArgmax scattered
   * by argmax}, from the record directly ({@link Kernels#gatherArgmaxWindows}): each pooled
   * value's gradient times the window of the pixel its max came from, the three pixels of its
   * window whose gradient is zero skipped (LeNet-5's conv2: a quarter of the product over its
   * routed gradient). Each weight sums its terms over the images' pooled cells in order: other
   * bits than {@code kernelGradientArgmax}'s chain over all pixels.
   *
   * @throws IllegalArgumentException as {@link #inputGradientArgmax}, or if {@code in} or {@code
   *     gradients} is too short
   */
  public static void kernelGradientSparse(Window2D g, Window2D pool, float[] in, int inOffset,
      int n, int[] argmax, float[] pooledGradient, int filters, float[] gradients,
      int kernelOffset, int biasOffset) {
    checkScattered(g, pool, filters);
    K.gatherArgmaxWindows(in, inOffset, g.height(), g.width(), g.channels(), g.windowHeight(),
        g.windowWidth(), filters, argmax, 0, pooledGradient, 0, pool.outHeight(),
        pool.outWidth(), n, gradients, kernelOffset, biasOffset);
  }

  /** Refuses what {@link #scattersByArgmax} does not take. */
  private static void checkScattered(Window2D g, Window2D pool, int filters) {
    checkHalving(g, pool, filters);
    if (!scattersByArgmax(g, pool, filters)) {
      throw new IllegalArgumentException(String.format("a convolution of %d×%d×%d images,"
          + " strides %d×%d, padding %d above and %d left: scattered by argmax are convolutions"
          + " at strides 1 without padding", g.height(), g.width(), g.channels(), g.strideY(),
          g.strideX(), g.padTop(), g.padLeft()));
    }
  }

  /**
   * The input gradient of {@link #convolveMaxPoolArgmax}'s convolution, overwriting {@code n}
   * images of {@code inputGradient} from 0: the pooling's gradient ({@code pooledGradient}, {@code
   * [n·P][filters]} from 0, read only) times each filter's kernel ({@code kernel} at {@code
   * kernelOffset}), added into the window of the one pixel {@code argmax} names per pooled value
   * ({@link Kernels#scatterArgmaxWindows}). The windows of the other three pixels would add zero:
   * this skips the product and {@link #col2im} over all four that the layer's windows would
   * otherwise take (LeNet-5's conv2: a product 16 deep, then 150 values a pixel scattered back).
   * Other bits than that path's (each input value sums its pooled cells' regions in turn).
   *
   * @throws IllegalArgumentException if an array is too short for the sizes, or the layers are not
   *     {@linkplain #scattersByArgmax scattered by argmax}
   */
  public static void inputGradientArgmax(Window2D g, Window2D pool, int n, int[] argmax,
      float[] pooledGradient, float[] kernel, int kernelOffset, int filters,
      float[] inputGradient) {
    checkScattered(g, pool, filters);
    K.scatterArgmaxWindows(kernel, kernelOffset, g.windowHeight(), g.windowWidth(),
        g.channels(), filters, argmax, 0, pooledGradient, 0, pool.outHeight(), pool.outWidth(),
        inputGradient, 0, g.height(), g.width(), n);
  }

  /**
   * Refuses a filter count {@link #checkFilters} refuses, and a pooling other than 2×2 windows
   * with strides 2 and no padding over the convolution's outputs, halving them.
   */
  private static void checkHalving(Window2D g, Window2D pool, int filters) {
    checkFilters(g, filters);
    if (!halves(g, pool, filters)) {
      throw new IllegalArgumentException(String.format("a %d×%d pooling with strides %d×%d of"
          + " %d×%d×%d images into %d×%d after a convolution's %d×%d×%d outputs: routed by"
          + " argmax are 2×2 poolings with strides 2 and no padding over the convolution's"
          + " outputs", pool.windowHeight(), pool.windowWidth(), pool.strideY(), pool.strideX(),
          pool.height(), pool.width(), pool.channels(), pool.outHeight(), pool.outWidth(),
          g.outHeight(), g.outWidth(), filters));
    }
  }

  /**
   * The gathered product's tables for images of rows {@code wide} pixels: each output pixel's
   * window's first value, and each window value's offset from it.
   */
  private static void tables(Window2D g, Scratch s, int wide) {
    if (g.equals(s.tablesFor)) {
      return; // the same layout as the last call's: the same tables (wide follows from g)
    }
    s.tablesFor = null; // until they are whole
    int pixels = g.outputPixels();
    int c = g.channels();
    if (s.rows.length < pixels) {
      s.rows = new int[pixels];
    }
    if (s.depths.length < g.depth()) {
      s.depths = new int[g.depth()];
    }
    int[] rows = s.rows;
    for (int oy = 0, r = 0; oy < g.outHeight(); oy++) {
      for (int ox = 0; ox < g.outWidth(); ox++, r++) {
        rows[r] = (oy * g.strideY() * wide + ox * g.strideX()) * c;
      }
    }
    int[] depths = s.depths;
    int run = g.windowWidth() * c; // a window row: adjacent values of the image
    for (int ky = 0, q = 0; ky < g.windowHeight(); ky++) {
      for (int i = 0; i < run; i++, q++) {
        depths[q] = ky * wide * c + i;
      }
    }
    s.tablesFor = g;
  }

  /**
   * Copies the image at {@code from} into the scratch image, rows {@code wide} pixels,
   * zero-bordered. Only pad writes that image: when its last call had the same layout, the
   * border is still zero and only the rows are copied.
   */
  private static void pad(Window2D g, float[] in, int from, Scratch s, int wide,
      int padBottom) {
    float[] image = s.image;
    int c = g.channels();
    int pitch = wide * c;
    int left = g.padLeft() * c;
    int row = g.width() * c;
    if (g.equals(s.borderFor)) {
      for (int y = 0, at = g.padTop() * pitch + left; y < g.height(); y++, at += pitch) {
        System.arraycopy(in, from + y * row, image, at, row);
      }
      return;
    }
    Arrays.fill(image, 0, g.padTop() * pitch, 0f);
    int at = g.padTop() * pitch;
    for (int y = 0; y < g.height(); y++, at += pitch) {
      Arrays.fill(image, at, at + left, 0f);
      System.arraycopy(in, from + y * row, image, at + left, row);
      Arrays.fill(image, at + left + row, at + pitch, 0f);
    }
    Arrays.fill(image, at, at + padBottom * pitch, 0f);
    s.borderFor = g;
  }

  /**
   * The gradient of {@link #im2col}: overwrites {@code n} images of {@code gradient} from 0 with
   * the sum, for each input value, of the rows of {@code patches} that copied it (in row order;
   * padding's values are dropped). From {@link #SUMMED_CHANNELS} channels each pixel's values are
   * summed in registers from a per-thread table of where they lie ({@link Kernels#sumRuns});
   * fewer channels are added window after window into the zeroed image. The same bits either way.
   * (keras-convnet's conv2, 32 channels, nine images: 3.9–4.8 → 2.9–4.4 µs an image alone, 4.1 →
   * 2.5–3.4 µs a sample in training, on a noisy host.)
   */
  public static void col2im(Window2D g, float[] patches, int n, float[] gradient) {
    Checks.samples("patches", patches, 0, n, (long) g.outputPixels() * g.depth());
    Checks.samples("gradient", gradient, 0, n, g.inputSize());
    int h = g.height();
    int w = g.width();
    int c = g.channels();
    int fh = g.windowHeight();
    int fw = g.windowWidth();
    if (c >= SUMMED_CHANNELS) {
      Scratch s = SCRATCH.get();
      if (!g.equals(s.sumsFor)) {
        s.sumsFor = null; // until they are whole
        sumTables(g, s);
        s.sumsFor = g;
      }
      K.sumRuns(patches, 0, g.outputPixels() * g.depth(), s.sumOffsets, s.sumStarts, h * w,
          gradient, 0, g.inputSize(), c, n);
      return;
    }
    Arrays.fill(gradient, 0, n * g.inputSize(), 0f);
    int run = fw * c;
    int p = 0;
    // The windows wholly inside the image's width, lo ≤ ox < hi, a row of them a kernel call;
    // those cut by the padding run by run. Each gradient value receives its windows' values in
    // the order (oy, ox, ky, kx), as a value-by-value loop would add them.
    int lo = g.wholeColumnsFrom();
    int hi = g.wholeColumnsTo();
    for (int b = 0; b < n; b++) {
      int image = b * g.inputSize();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int y0 = oy * g.strideY() - g.padTop();
        for (int ox = 0; ox < g.outWidth(); ox++) {
          if (ox == lo && hi > lo) {
            int ky0 = Math.max(-y0, 0);
            int ky1 = Math.min(h - y0, fh);
            if (ky1 > ky0) {
              K.addWindows(patches, p + ky0 * run, fh * run, gradient,
                  image + ((y0 + ky0) * w + lo * g.strideX() - g.padLeft()) * c, w * c,
                  g.strideX() * c, ky1 - ky0, run, hi - lo);
            }
            p += (hi - lo) * fh * run;
            ox = hi - 1;
            continue;
          }
          int x0 = ox * g.strideX() - g.padLeft();
          boolean inside = x0 >= 0 && x0 + fw <= w;
          for (int ky = 0; ky < fh; ky++) {
            int y = y0 + ky;
            if (y >= 0 && y < h && inside) {
              K.accumulate(patches, p, gradient, image + (y * w + x0) * c, run);
            } else if (y >= 0 && y < h) {
              for (int kx = 0; kx < fw; kx++) {
                int x = x0 + kx;
                if (x >= 0 && x < w) {
                  K.accumulate(patches, p + kx * c, gradient, image + (y * w + x) * c, c);
                }
              }
            }
            p += run;
          }
        }
      }
    }
  }

  /**
   * From this many channels {@link #col2im} sums each pixel's terms in registers ({@link
   * Kernels#sumRuns}); below, a pixel's channels fill too few lanes and the windows are added
   * into the zeroed image row by row.
   */
  static final int SUMMED_CHANNELS = 16;

  /**
   * {@link #col2im}'s tables for {@code g}: for each input pixel in order, the offsets in one
   * image's windows of the values that fall on it, by window (row, then column) in ascending
   * order, which is the order {@code col2im}'s row-by-row additions give each value.
   */
  private static void sumTables(Window2D g, Scratch s) {
    int pixels = g.height() * g.width();
    int c = g.channels();
    // At most a window's values fall on a pixel (one from each window over it).
    long terms = (long) pixels * g.windowHeight() * g.windowWidth();
    if (terms > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a " + g + "'s windows hold " + terms + " values");
    }
    if (s.sumStarts.length < pixels + 1) {
      s.sumStarts = new int[pixels + 1];
    }
    if (s.sumOffsets.length < terms) {
      s.sumOffsets = new int[(int) terms];
    }
    int t = 0;
    for (int y = 0, p = 0; y < g.height(); y++) {
      for (int x = 0; x < g.width(); x++, p++) {
        s.sumStarts[p] = t;
        // The windows over (y, x): ky = y + padTop - oy·strideY in [0, windowHeight), and so
        // for the columns; only those are visited, so the tables cost a window's values a pixel.
        int py = y + g.padTop();
        int px = x + g.padLeft();
        int oy1 = Math.min(g.outHeight() - 1, Math.floorDiv(py, g.strideY()));
        int ox0 = Math.max(0, Math.floorDiv(px - g.windowWidth(), g.strideX()) + 1);
        int ox1 = Math.min(g.outWidth() - 1, Math.floorDiv(px, g.strideX()));
        for (int oy = Math.max(0, Math.floorDiv(py - g.windowHeight(), g.strideY()) + 1);
            oy <= oy1; oy++) {
          int ky = py - oy * g.strideY();
          for (int ox = ox0; ox <= ox1; ox++) {
            int kx = px - ox * g.strideX();
            s.sumOffsets[t++] = (oy * g.outWidth() + ox) * g.depth()
                + (ky * g.windowWidth() + kx) * c;
          }
        }
      }
    }
    s.sumStarts[pixels] = t;
  }
}
