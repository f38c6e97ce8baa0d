package org.dendrite.runtime.support;

/**
 * The geometry of a window sliding over channels-last images, as a generated class declares it
 * once per convolution or pooling layer (a record, so that the JIT folds its fields into
 * constants): the input's {@code height × width × channels}, the window's size and strides, the
 * zeros before the first row and column, and the output's {@code outHeight × outWidth} pixels.
 */
public record Window2D(int height, int width, int channels, int windowHeight, int windowWidth,
    int strideY, int strideX, int padTop, int padLeft, int outHeight, int outWidth) {
  /**
   * Checks the sizes.
   *
   * @throws IllegalArgumentException if a size is not positive, a padding is negative or not
   *     smaller than the window (its first windows would read only zeros), a window starts past
   *     the image (the output does not match the window: the compiler computes both), or an
   *     image or a window's values do not fit an array
   */
  public Window2D {
    if (height < 1 || width < 1 || channels < 1 || windowHeight < 1 || windowWidth < 1
        || strideY < 1 || strideX < 1 || padTop < 0 || padLeft < 0 || padTop >= windowHeight
        || padLeft >= windowWidth || outHeight < 1 || outWidth < 1
        || (long) (outHeight - 1) * strideY - padTop >= height
        || (long) (outWidth - 1) * strideX - padLeft >= width
        || (long) height * width * channels > Integer.MAX_VALUE
        || (long) windowHeight * windowWidth * channels > Integer.MAX_VALUE
        || (long) outHeight * outWidth > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format("not a window over an image: input"
          + " %d×%d×%d, window %d×%d, strides %d×%d, padding %d above and %d left, output %d×%d",
          height, width, channels, windowHeight, windowWidth, strideY, strideX, padTop, padLeft,
          outHeight, outWidth));
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

  /** The first output column whose window starts inside the image (none left of it padded). */
  public int wholeColumnsFrom() {
    return Math.min((padLeft + strideX - 1) / strideX, outWidth);
  }

  /**
   * The end of the output columns from {@link #wholeColumnsFrom} whose windows lie wholly inside
   * the width: those in between can be handed to a kernel as one row of windows.
   */
  public int wholeColumnsTo() {
    int lo = wholeColumnsFrom();
    if (width < windowWidth) {
      return lo;
    }
    return Math.max(lo, Math.min((width - windowWidth + padLeft) / strideX + 1, outWidth));
  }
}
