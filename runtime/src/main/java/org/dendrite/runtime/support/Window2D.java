package org.dendrite.runtime.support;

/**
 * The geometry of a window sliding over channels-last images, as a generated class declares it
 * once per convolution or pooling layer (a record, so that the JIT folds its fields into
 * constants): the input's {@code height × width × channels}, the window's size and strides, the
 * zeros before the first row and column, and the output's {@code outHeight × outWidth} pixels.
 *
 * @throws IllegalArgumentException if a size is not positive, or the output does not match the
 *     window (the compiler computes both)
 */
public record Window2D(int height, int width, int channels, int windowHeight, int windowWidth,
    int strideY, int strideX, int padTop, int padLeft, int outHeight, int outWidth) {
  /** Checks the sizes. */
  public Window2D {
    if (height < 1 || width < 1 || channels < 1 || windowHeight < 1 || windowWidth < 1
        || strideY < 1 || strideX < 1 || padTop < 0 || padLeft < 0 || outHeight < 1
        || outWidth < 1 || (outHeight - 1) * strideY - padTop >= height
        || (outWidth - 1) * strideX - padLeft >= width) {
      throw new IllegalArgumentException("not a window over an image: " + this);
    }
  }

  /** Values per input image. */
  public int inputSize() {
    return height * width * channels;
  }

  /** Output pixels per image. */
  public int outputPixels() {
    return outHeight * outWidth;
  }

  /** Values of one window: {@code windowHeight · windowWidth · channels}. */
  public int depth() {
    return windowHeight * windowWidth * channels;
  }
}
