package org.dendrite.compiler.layers;

import org.dendrite.compiler.ir.ActivateNode;
import org.dendrite.compiler.ir.AddNode;
import org.dendrite.compiler.ir.AvgPool2DNode;
import org.dendrite.compiler.ir.ConcatenateNode;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.DropoutNode;
import org.dendrite.compiler.ir.FlattenNode;
import org.dendrite.compiler.ir.GlobalAvgPool2DNode;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.MaxPool2DNode;

/**
 * The registry of layer kinds past the IR: the unit of each kind. The compiler's single dispatch
 * on a layer's kind: a visitor, so that a new kind does not compile until it is registered here.
 */
public final class Units implements LayerNode.Visitor<LayerUnit<?>> {
  private final LayerUnit.Context context;

  private Units(LayerUnit.Context context) {
    this.context = context;
  }

  /** The unit of {@code node} at the place {@code context} describes. */
  public static LayerUnit<?> create(LayerNode node, LayerUnit.Context context) {
    return node.accept(new Units(context));
  }

  @Override
  public LayerUnit<?> visit(InputNode node) {
    return new PassThroughUnit.Input(node, context);
  }

  @Override
  public LayerUnit<?> visit(FlattenNode node) {
    return new PassThroughUnit.Flatten(node, context);
  }

  @Override
  public LayerUnit<?> visit(DenseNode node) {
    return new DenseUnit(node, context);
  }

  @Override
  public LayerUnit<?> visit(DropoutNode node) {
    return new DropoutUnit(node, context);
  }

  @Override
  public LayerUnit<?> visit(BatchNormNode node) {
    return new BatchNormUnit(node, context);
  }

  @Override
  public LayerUnit<?> visit(Conv2DNode node) {
    return new Conv2DUnit(node, context);
  }

  @Override
  public LayerUnit<?> visit(MaxPool2DNode node) {
    return new Pool2DUnit.Max(node, context);
  }

  @Override
  public LayerUnit<?> visit(AvgPool2DNode node) {
    return new Pool2DUnit.Average(node, context);
  }

  @Override
  public LayerUnit<?> visit(GlobalAvgPool2DNode node) {
    return new GlobalAvgPool2DUnit(node, context);
  }

  @Override
  public LayerUnit<?> visit(ActivateNode node) {
    return new ActivateUnit(node, context);
  }

  @Override
  public LayerUnit<?> visit(AddNode node) {
    return new AddUnit(node, context);
  }

  @Override
  public LayerUnit<?> visit(ConcatenateNode node) {
    return new ConcatenateUnit(node, context);
  }
}
