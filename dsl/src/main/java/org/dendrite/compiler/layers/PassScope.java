package org.dendrite.compiler.layers;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * What a layer's emission sees of the generated {@code Pass} class it is written into: the names
 * of the class's members, of the pass methods' parameters, and a way to declare its own buffers.
 * Every name is allocated, so that none clashes with a layer's name or an inherited member.
 */
public interface PassScope extends ClassScope {
  /** {@code float[]}. */
  TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);

  // The parameters of the pass methods and the per-layer methods, reserved before any
  // layer-derived name.
  /** The number of samples of a pass method's call. */
  String COUNT = "count";
  /** A layer method's input array. */
  String IN = "in";
  /** Where the first input sample starts in {@link #IN}. */
  String IN_OFFSET = "inOffset";
  /** The number of samples of a layer method's call. */
  String N = "n";
  /** The gradient array a backward method accumulates into. */
  String GRADIENTS = "gradients";
  /** The training step, which keys dropout masks. */
  String STEP = "step";
  /** The index of a call's first sample within its step's batch. */
  String FIRST_SAMPLE = "firstSample";
  /** Where the deferred first layer's pre-activation gradient goes. */
  String DEFERRED = "deferred";
  /** Where the first sample's values start in {@link #DEFERRED}. */
  String DEFERRED_OFFSET = "deferredOffset";
  /** The caller's products of the deferred first layer. */
  String PRODUCTS = "products";
  /** Where the first sample's products start in {@link #PRODUCTS}. */
  String PRODUCTS_OFFSET = "productsOffset";
  /** Whether a forward call is training's (a max pooling then records its argmax). */
  String TRAINING = "training";
  /** Whether a batch normalisation's training forward moves its moving averages. */
  String UPDATE_MOVING_AVERAGES = "updateMovingAverages";

  /** Every parameter name above: no member of the pass may take one. */
  List<String> PARAMETER_NAMES = List.of(COUNT, IN, IN_OFFSET, N, GRADIENTS, STEP, FIRST_SAMPLE,
      DEFERRED, DEFERRED_OFFSET, PRODUCTS, PRODUCTS_OFFSET, TRAINING, UPDATE_MOVING_AVERAGES);

  /** The pass's capacity field: samples per call. */
  String capacity();

  /** The scratch array kernels are transposed into for input gradients; null if none. */
  String transposed();

  /** Whether {@code unit} is the first layer whose products the caller may compute. */
  boolean deferred(LayerUnit<?> unit);

  /**
   * Where {@code unit} writes its outputs and reads their gradient, if it writes straight into a
   * concatenation's buffers ({@link Slices}); null if it has buffers of its own.
   */
  Slice slice(LayerUnit<?> unit);

  /**
   * The pass member (field or method) {@code unit} names with {@code suffix}: {@code hidden1}
   * for {@code ""}, {@code hidden1Grad} for {@code "Grad"}; the same name on every call, allocated
   * on the first.
   */
  String name(LayerUnit<?> unit, String suffix);

  /**
   * Declares a buffer field of {@code capacity × width} values, allocated by the pass's
   * constructor.
   *
   * @param width values per sample: a constant's name or a literal
   */
  void buffer(String field, Object width, String doc, Object... args);

  /**
   * Declares an {@code int} buffer field of {@code capacity × width} values (indices), allocated
   * by the pass's constructor.
   */
  void intBuffer(String field, Object width, String doc, Object... args);

  /** Declares an array field of {@code length} values, allocated by the pass's constructor. */
  void array(String field, Object length, String doc, Object... args);

  /** Declares a field of {@code type} that the pass's constructor sets to {@code value}. */
  void field(TypeName type, String field, CodeBlock value, String doc, Object... args);
}
