package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A two-dimensional convolution over a channels-last input {@code (height, width, channels)}:
 * each of {@code filters} kernels of {@code kernel[0] × kernel[1] × channels} weights slides over
 * the input with the given strides, and {@code output = activation(window · kernel + bias)}. The
 * kernel is stored as {@code [kernel[0]][kernel[1]][channels][filters]} (Keras' layout). The
 * output has {@code (OH, OW, filters)} values, where {@code OH = (H - kernel[0]) / strides[0] + 1}
 * with {@link Padding#VALID} and {@code ceil(H / strides[0])} with {@link Padding#SAME}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv2D {
  /** The number of kernels, and of output channels; positive. */
  int filters();

  /** The window's height and width. */
  int[] kernel();

  /** The window's steps down and across. */
  int[] strides() default {1, 1};

  /** Whether the input is padded with zeros. */
  Padding padding() default Padding.VALID;

  /**
   * Explicit zero rows and columns around the input, {@code {top, bottom, left, right}}, as
   * PyTorch's {@code padding} and ONNX's {@code pads}: {@code OH = (H + top + bottom -
   * kernel[0]) / strides[0] + 1}. Each is 0 or more and smaller than the kernel along its axis;
   * empty (the default) for none but {@link #padding()}'s, which must then stay {@link
   * Padding#VALID}. PyTorch's {@code Conv2d(..., stride=2, padding=1)} is {@code pads = {1, 1, 1,
   * 1}}.
   */
  int[] pads() default {};

  /** The activation applied to {@code window · kernel + bias}. */
  Activation activation() default Activation.LINEAR;

  /** Whether the layer has a bias per filter. */
  boolean useBias() default true;

  /** How the kernel is initialised; {@link Init#AUTO} picks by activation. Biases start at zero. */
  Init init() default Init.AUTO;

  /** The negative slope of {@link Activation#LEAKY_RELU}; ignored by other activations. */
  float alpha() default 0.2f;

  /** L1 regularisation of the kernel: {@code l1 · Σ|w|} is added to the loss. */
  float l1() default 0f;

  /** L2 regularisation of the kernel: {@code l2 · Σw²} is added to the loss. */
  float l2() default 0f;

  /**
   * The name of the layer field this layer reads; empty (the default) for the layer declared just
   * before it. The layer must be declared before this one: {@code @Dense(units = 64, from =
   * "stem")} starts a branch at {@code stem}.
   */
  String from() default "";
}
