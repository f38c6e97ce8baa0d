package org.dendrite.compiler.ir;

import java.util.List;

/**
 * The kinds of layer: how summaries, diagnostics and both front ends name them, and the
 * attributes each takes. The switches below are exhaustive switch expressions, so a new constant
 * does not compile until it has its attributes and its factory.
 */
public enum LayerKind {
  INPUT("Input", "input"),
  FLATTEN("Flatten", "flatten"),
  DENSE("Dense", "dense"),
  DROPOUT("Dropout", "dropout"),
  BATCH_NORM("BatchNorm", "batchnorm"),
  CONV2D("Conv2D", "conv2d"),
  MAX_POOL2D("MaxPool2D", "maxpool2d"),
  AVG_POOL2D("AvgPool2D", "avgpool2d"),
  GLOBAL_AVG_POOL2D("GlobalAvgPool2D", "globalavgpool2d"),
  ACTIVATE("Activate", "activate"),
  ADD("Add", "add"),
  CONCATENATE("Concatenate", "concatenate");

  /** The package of the layer annotations: {@code @Dense} is {@code ANNOTATIONS + ".Dense"}. */
  public static final String ANNOTATIONS = "org.dendrite.annotation";

  private final String displayName;
  private final String keyword;

  LayerKind(String displayName, String keyword) {
    this.displayName = displayName;
    this.keyword = keyword;
  }

  /** The simple name of the annotation and of the layer type in summaries: {@code Dense}. */
  public String displayName() {
    return displayName;
  }

  /** The {@code .nn} keyword: {@code dense}. */
  public String keyword() {
    return keyword;
  }

  /** The qualified name of the kind's annotation: {@code org.dendrite.annotation.Dense}. */
  public String annotation() {
    return ANNOTATIONS + "." + displayName;
  }

  /**
   * The attributes the kind takes, in the annotation's order: its own, then {@link
   * Attribute#FROM} for every kind that reads one layer.
   */
  public List<Attribute> attributes() {
    return switch (this) {
      case INPUT -> InputNode.ATTRIBUTES;
      case FLATTEN -> withFrom(FlattenNode.ATTRIBUTES);
      case DENSE -> withFrom(DenseNode.ATTRIBUTES);
      case DROPOUT -> withFrom(DropoutNode.ATTRIBUTES);
      case BATCH_NORM -> withFrom(BatchNormNode.ATTRIBUTES);
      case CONV2D -> withFrom(Conv2DNode.ATTRIBUTES);
      case MAX_POOL2D -> withFrom(MaxPool2DNode.ATTRIBUTES);
      case AVG_POOL2D -> withFrom(AvgPool2DNode.ATTRIBUTES);
      case GLOBAL_AVG_POOL2D -> withFrom(GlobalAvgPool2DNode.ATTRIBUTES);
      case ACTIVATE -> withFrom(ActivateNode.ATTRIBUTES);
      case ADD -> AddNode.ATTRIBUTES;
      case CONCATENATE -> ConcatenateNode.ATTRIBUTES;
    };
  }

  private static List<Attribute> withFrom(List<Attribute> own) {
    List<Attribute> all = new java.util.ArrayList<>(own);
    all.add(Attribute.FROM);
    return List.copyOf(all);
  }

  /** Whether the kind merges several layers ({@code from} is then its list of inputs). */
  public boolean merges() {
    return this == ADD || this == CONCATENATE;
  }

  /** A layer of this kind from its attributes (typed and complete: see {@link Attributes#of}). */
  public LayerNode create(String name, Attributes attributes, Origin origin) {
    return switch (this) {
      case INPUT -> InputNode.of(name, attributes, origin);
      case FLATTEN -> new FlattenNode(name, origin, attributes.inputs());
      case DENSE -> DenseNode.of(name, attributes, origin);
      case DROPOUT -> DropoutNode.of(name, attributes, origin);
      case BATCH_NORM -> BatchNormNode.of(name, attributes, origin);
      case CONV2D -> Conv2DNode.of(name, attributes, origin);
      case MAX_POOL2D -> MaxPool2DNode.of(name, attributes, origin);
      case AVG_POOL2D -> AvgPool2DNode.of(name, attributes, origin);
      case GLOBAL_AVG_POOL2D -> new GlobalAvgPool2DNode(name, origin, attributes.inputs());
      case ACTIVATE -> ActivateNode.of(name, attributes, origin);
      case ADD -> new AddNode(name, attributes.names(Attribute.VALUE), origin);
      case CONCATENATE -> ConcatenateNode.of(name, attributes, origin);
    };
  }

  /** Whether a layer of this kind needs a one-dimensional input (a flatten before it, if not). */
  public boolean needsFlatInput() {
    return switch (this) {
      case DENSE -> true;
      case INPUT, FLATTEN, DROPOUT, BATCH_NORM, CONV2D, MAX_POOL2D, AVG_POOL2D,
          GLOBAL_AVG_POOL2D, ACTIVATE, ADD, CONCATENATE -> false;
    };
  }

  /** The kind whose {@code .nn} keyword is {@code keyword}, or null. */
  public static LayerKind ofKeyword(String keyword) {
    for (LayerKind k : values()) {
      if (k.keyword.equals(keyword)) {
        return k;
      }
    }
    return null;
  }

  /** The kind whose annotation has the qualified name {@code annotation}, or null. */
  public static LayerKind ofAnnotation(String annotation) {
    for (LayerKind k : values()) {
      if (k.annotation().equals(annotation)) {
        return k;
      }
    }
    return null;
  }
}
