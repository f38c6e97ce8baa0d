package org.dendrite.compiler.onnx;

/**
 * Conversions between ONNX's layouts and Dendrite's. ONNX from PyTorch is channels-first
 * ({@code [C, H, W]} per sample) and stores {@code nn.Linear} weights {@code [units, inputs]};
 * Dendrite is channels-last ({@code [H, W, C]}) with Dense kernels {@code [inputs, units]}.
 */
public final class Layouts {
  private Layouts() {}

  /** {@code m}, {@code [rows, cols]} row-major, as {@code [cols, rows]}. */
  public static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  /**
   * The kernel {@code [C·H·W, units]} of a Dense layer after a Flatten of a channels-first
   * {@code [C, H, W]} tensor, with its rows reordered for the same tensor flattened
   * channels-last ({@code [H, W, C]}): row {@code (h·W + w)·C + c} of the result is row
   * {@code (c·H + h)·W + w} of {@code kernel}. The Dense layer then computes the same outputs
   * from Dendrite's layout as it did from ONNX's.
   */
  public static float[] channelsFirstRowsToChannelsLast(float[] kernel, int channels,
      int height, int width, int units) {
    if ((long) channels * height * width * units != kernel.length) {
      throw new IllegalArgumentException("a kernel of " + kernel.length + " values is not ["
          + channels + "·" + height + "·" + width + ", " + units + "]");
    }
    float[] out = new float[kernel.length];
    for (int c = 0; c < channels; c++) {
      for (int h = 0; h < height; h++) {
        for (int w = 0; w < width; w++) {
          int from = ((c * height + h) * width + w) * units;
          int to = ((h * width + w) * channels + c) * units;
          System.arraycopy(kernel, from, out, to, units);
        }
      }
    }
    return out;
  }

  /**
   * A convolution kernel stored {@code [filters, channels, height, width]} (ONNX, PyTorch) as
   * {@code [height, width, channels, filters]} (Dendrite, Keras).
   */
  public static float[] filtersFirstToLast(float[] kernel, int filters, int channels,
      int height, int width) {
    if ((long) filters * channels * height * width != kernel.length) {
      throw new IllegalArgumentException("a kernel of " + kernel.length + " values is not ["
          + filters + ", " + channels + ", " + height + ", " + width + "]");
    }
    float[] out = new float[kernel.length];
    for (int m = 0; m < filters; m++) {
      for (int c = 0; c < channels; c++) {
        for (int h = 0; h < height; h++) {
          for (int w = 0; w < width; w++) {
            out[((h * width + w) * channels + c) * filters + m] =
                kernel[((m * channels + c) * height + h) * width + w];
          }
        }
      }
    }
    return out;
  }
}
