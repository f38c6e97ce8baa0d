package org.dendrite.samples.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Grey-scale images in a grid, each with a caption above it, as the textbook shows the first
 * Fashion-MNIST images with their class names. Pixels in [0, 1] are drawn dark on light
 * (matplotlib's {@code binary} colour map), scaled up without smoothing.
 */
public final class ImageGrid {
  private static final int SCALE = 3;
  private static final int CAPTION = 20;
  private static final int PAD = 14;
  private static final int TOP = 46;

  private ImageGrid() {}

  /**
   * Draws {@code captions.size()} square images of {@code side × side} pixels, stored one after
   * the other from index 0 of {@code pixels}, in rows of {@code columns}.
   *
   * @throws IllegalArgumentException if {@code pixels} holds fewer images than there are captions
   */
  public static BufferedImage render(String title, float[] pixels, int side,
      List<String> captions, int columns) {
    int count = captions.size();
    if (pixels.length < (long) count * side * side) {
      throw new IllegalArgumentException(pixels.length + " pixels hold fewer than " + count
          + " images of " + side + " × " + side);
    }
    int rows = (count + columns - 1) / columns;
    int image = side * SCALE;
    int cellWidth = image + 2 * PAD;
    int cellHeight = CAPTION + image + PAD;
    BufferedImage canvas = Canvas.image(columns * cellWidth, TOP + rows * cellHeight);
    Graphics2D g = Canvas.white(canvas);
    try {
      g.setFont(Canvas.TITLE);
      g.setColor(Canvas.TEXT);
      Canvas.centred(g, title, canvas.getWidth() / 2.0, 28);
      g.setFont(Canvas.TICK);
      for (int i = 0; i < count; i++) {
        int x = (i % columns) * cellWidth + PAD;
        int y = TOP + (i / columns) * cellHeight;
        g.setColor(Canvas.TEXT);
        Canvas.centred(g, captions.get(i), x + image / 2.0, y + CAPTION - 6);
        BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < side * side; p++) {
          float v = Math.max(0f, Math.min(1f, pixels[i * side * side + p]));
          int grey = Math.round(255 * (1 - v));
          picture.setRGB(p % side, p / side, grey << 16 | grey << 8 | grey);
        }
        g.drawImage(picture, x, y + CAPTION, image, image, null);
      }
    } finally {
      g.dispose();
    }
    return canvas;
  }
}
