package org.dendrite.compiler.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dendrite.compiler.ir.ActivateNode;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.AvgPool2DNode;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.DropoutNode;
import org.dendrite.compiler.ir.FlattenNode;
import org.dendrite.compiler.ir.GlobalAvgPool2DNode;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.MaxPool2DNode;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Origin;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.ir.Syntax;

/**
 * Builds IR networks in tests. Every layer gets a position {@code name.nn:<line>:1}, with line =
 * its index + 2 (line 1 is the network header), so that tests can assert where diagnostics point.
 */
public final class NetworkBuilder {
  private final String packageName;
  private final String name;
  private LossKind loss = LossKind.MSE;
  private final List<LayerNode> layers = new ArrayList<>();
  private Syntax syntax = Syntax.NN;

  private NetworkBuilder(String packageName, String name) {
    this.packageName = packageName;
    this.name = name;
  }

  /** A network to be generated as {@code packageName.Compiled<name>}, without a superclass. */
  public static NetworkBuilder network(String packageName, String name) {
    return new NetworkBuilder(packageName, name);
  }

  public NetworkBuilder loss(LossKind loss) {
    this.loss = loss;
    return this;
  }

  public NetworkBuilder syntax(Syntax syntax) {
    this.syntax = syntax;
    return this;
  }

  public NetworkBuilder input(String layer, int... shape) {
    layers.add(new InputNode(layer, Arrays.stream(shape).boxed().toList(), next()));
    return this;
  }

  public NetworkBuilder flatten(String layer) {
    layers.add(new FlattenNode(layer, next()));
    return this;
  }

  public NetworkBuilder dense(String layer, int units, Activation activation) {
    return dense(layer, units, activation, true, Init.AUTO, 0.2f);
  }

  public NetworkBuilder dense(String layer, int units, Activation activation, boolean useBias,
      Init init, float alpha) {
    layers.add(new DenseNode(layer, units, activation, useBias, init, alpha, next()));
    return this;
  }

  public NetworkBuilder dense(String layer, int units, Activation activation, boolean useBias,
      Init init, float alpha, float l1, float l2) {
    layers.add(new DenseNode(layer, units, activation, useBias, init, alpha, l1, l2, next()));
    return this;
  }

  public NetworkBuilder batchNorm(String layer, Activation activation) {
    layers.add(new BatchNormNode(layer, 0.9f, 1e-3f, activation, 0.2f, next()));
    return this;
  }

  public NetworkBuilder batchNorm(String layer, float momentum, float epsilon,
      Activation activation) {
    layers.add(new BatchNormNode(layer, momentum, epsilon, activation, 0.2f, next()));
    return this;
  }

  public NetworkBuilder conv2d(String layer, int filters, int[] kernel, int[] strides,
      Padding padding, Activation activation) {
    return conv2d(layer, filters, kernel, strides, padding, activation, true, Init.AUTO, 0f);
  }

  public NetworkBuilder conv2d(String layer, int filters, int[] kernel, int[] strides,
      Padding padding, Activation activation, boolean useBias, Init init, float l2) {
    layers.add(new Conv2DNode(layer, filters, list(kernel), list(strides), padding, activation,
        useBias, init, 0.2f, 0f, l2, next()));
    return this;
  }

  /** A convolution with explicit pads {@code [top, bottom, left, right]} (VALID padding). */
  public NetworkBuilder conv2dPads(String layer, int filters, int[] kernel, int[] strides,
      int[] pads, Activation activation) {
    return conv2dPads(layer, filters, kernel, strides, Padding.VALID, pads, activation);
  }

  /** A convolution with both a padding and explicit pads (which only VALID allows). */
  public NetworkBuilder conv2dPads(String layer, int filters, int[] kernel, int[] strides,
      Padding padding, int[] pads, Activation activation) {
    layers.add(new Conv2DNode(layer, filters, list(kernel), list(strides), padding,
        list(pads), activation, true, Init.AUTO, 0.2f, 0f, 0f, next(), List.of()));
    return this;
  }

  /** A max pooling with explicit pads {@code [top, bottom, left, right]}. */
  public NetworkBuilder maxPoolPads(String layer, int[] pool, int[] strides, int[] pads) {
    layers.add(new MaxPool2DNode(layer, list(pool), list(strides), Padding.VALID, list(pads),
        next(), List.of()));
    return this;
  }

  /** An average pooling with explicit pads {@code [top, bottom, left, right]}. */
  public NetworkBuilder avgPoolPads(String layer, int[] pool, int[] strides, int[] pads) {
    layers.add(new AvgPool2DNode(layer, list(pool), list(strides), Padding.VALID, list(pads),
        next(), List.of()));
    return this;
  }

  public NetworkBuilder maxPool(String layer, int[] pool, int[] strides, Padding padding) {
    layers.add(new MaxPool2DNode(layer, list(pool), list(strides), padding, next()));
    return this;
  }

  public NetworkBuilder avgPool(String layer, int[] pool, int[] strides, Padding padding) {
    layers.add(new AvgPool2DNode(layer, list(pool), list(strides), padding, next()));
    return this;
  }

  public NetworkBuilder globalAvgPool(String layer) {
    layers.add(new GlobalAvgPool2DNode(layer, next()));
    return this;
  }

  private static List<Integer> list(int[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  public NetworkBuilder activate(String layer, Activation activation) {
    layers.add(new ActivateNode(layer, activation, DenseNode.DEFAULT_ALPHA, next(), List.of()));
    return this;
  }

  public NetworkBuilder dropout(String layer, float rate) {
    layers.add(new DropoutNode(layer, rate, next()));
    return this;
  }

  /** The position the next layer gets. */
  private Origin next() {
    return SourcePosition.at(name + ".nn", layers.size() + 2, 5);
  }

  public Network build() {
    return new Network(packageName, name, Network.GENERATED_PREFIX + name, Optional.empty(), loss,
        layers, Set.of(), syntax, SourcePosition.at(name + ".nn", 1, 1));
  }
}
