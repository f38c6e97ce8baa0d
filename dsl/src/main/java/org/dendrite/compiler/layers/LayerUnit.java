package org.dendrite.compiler.layers;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.Activated;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Shape;

/**
 * One layer of a planned network, and everything the compiler knows about its kind past the IR:
 * its tensors and their initialisers (the plan), its architecture line, and the code of its
 * forward and backward passes. One subclass per kind; the abstract methods make a missing piece a
 * compile error. {@link Units} builds them, in declaration order, each knowing the layer it reads.
 *
 * <p>Emission follows Dagger's writers: each method that writes code shows the code it writes in
 * an {@code // Example:} comment, for the layer {@code hidden1} of the README's network.
 *
 * @param <N> the kind's IR record
 */
public abstract class LayerUnit<N extends LayerNode> {
  /**
   * Where a unit stands in its network, as the planner knows it when it creates the unit.
   *
   * @param index the layer's index in the network, which is also its seed stream
   * @param inputs the units it reads, in order: one, several for a merge, none for the input
   *     layer
   * @param outputShape the shape of one output sample
   * @param output whether it is the network's output layer
   * @param loss the network's loss
   * @param exclusiveInput whether the gradient with respect to its input reaches its input's
   *     producer through it alone (it is its input's only reader, and so on through the layers
   *     that share their input's buffers), so that it may work on that gradient in place
   * @param readByMaxPoolAlone whether its output's only reader is a max pooling, which can take
   *     the gradient through a ReLU as it routes it (see {@link #reluBackwardByReader()})
   * @param readByPoolAlone whether its output's only reader is a pooling, max or average, which
   *     may leave rows or columns of it unread (see {@link #storedShape()})
   * @param layout where its tensors go
   */
  public record Context(int index, List<LayerUnit<?>> inputs, Shape outputShape, boolean output,
      LossKind loss, boolean exclusiveInput, boolean readByMaxPoolAlone, boolean readByPoolAlone,
      Layout layout) {
    /** Copies the list. */
    public Context {
      inputs = List.copyOf(inputs);
    }
  }

  private final N node;
  private final Context context;
  private final List<Tensor> parameters = new ArrayList<>();
  private final List<Tensor> state = new ArrayList<>();

  protected LayerUnit(N node, Context context) {
    this.node = node;
    this.context = context;
  }

  // ---- where it stands --------------------------------------------------------------------

  /** The declared layer. */
  public final N node() {
    return node;
  }

  /** The layer's name. */
  public final String name() {
    return node.name();
  }

  /** The layer's index in the network, which is also its seed stream. */
  public final int index() {
    return context.index();
  }

  /** The unit it reads (a merge's first); null for the input layer. */
  public final LayerUnit<?> input() {
    return context.inputs().isEmpty() ? null : context.inputs().get(0);
  }

  /** The units it reads, in order; empty for the input layer. */
  public final List<LayerUnit<?>> inputs() {
    return context.inputs();
  }

  /** The shape of one input sample; null for the input layer. */
  public final Shape inputShape() {
    return input() == null ? null : input().outputShape();
  }

  /** The shape of one output sample. */
  public final Shape outputShape() {
    return context.outputShape();
  }

  /**
   * The shape of the values it computes and stores per sample: its output's, unless its only
   * reader leaves rows or columns of it unread and it {@linkplain Conv2DUnit#cropTo computes only
   * those read}. Its buffers and its reader's input take this shape; summaries and weight files
   * keep {@link #outputShape}.
   */
  public Shape storedShape() {
    return outputShape();
  }

  /** Values per output sample as stored: the {@link #storedShape}'s. */
  public final int outputSize() {
    return storedShape().intSize();
  }

  /**
   * The floats its forward pass writes per sample: its outputs, and a convolution's input
   * windows too. The generator sizes prediction chunks of image networks with it.
   */
  public long forwardFloatsPerSample() {
    return storedShape().size();
  }

  /** Whether it is the network's output layer. */
  public final boolean isOutput() {
    return context.output();
  }

  /** The network's loss. */
  protected final LossKind loss() {
    return context.loss();
  }

  /**
   * Whether a layer it reads, or one before that, has parameters: then its backward pass
   * computes the gradient with respect to its input (a merge's: to each input that carries one).
   */
  public final boolean needsInputGradient() {
    return context.inputs().stream().anyMatch(LayerUnit::carriesGradient);
  }

  /** Whether its backward pass computes the gradient with respect to input {@code j}. */
  public final boolean needsInputGradient(int j) {
    return context.inputs().get(j).carriesGradient();
  }

  /**
   * Whether the loss gradient flows back through its output: it or a layer before it has
   * parameters.
   */
  public final boolean carriesGradient() {
    return !parameters.isEmpty() || needsInputGradient();
  }

  /**
   * Whether its input's gradient reaches its input's producer through it alone: see {@link
   * Context#exclusiveInput()}.
   */
  protected final boolean exclusiveInput() {
    return context.exclusiveInput();
  }

  /**
   * Whether its reader, a max pooling, takes the gradient through its ReLU (routing a window's
   * gradient only where the window's max is above zero, the same bits), so that its own backward
   * pass skips {@code reluBackward}: for 2×2 pools a quarter of the values. False by default;
   * true for a unit whose output the ReLU made, stored in its own buffer, when {@code
   * readByMaxPoolAlone}.
   */
  public boolean reluBackwardByReader() {
    return false;
  }

  /** Whether its output's only reader is a max pooling: see {@link Context}. */
  protected final boolean readByMaxPoolAlone() {
    return context.readByMaxPoolAlone();
  }

  /** Whether its output's only reader is a pooling, max or average: see {@link Context}. */
  protected final boolean readByPoolAlone() {
    return context.readByPoolAlone();
  }

  /**
   * Whether the gradient with respect to its output is its input's gradient buffer, which its
   * backward pass turns in place into the gradient with respect to its input (a flatten; a
   * dropout or an activation that is its input's only reader). It then writes no other gradient.
   */
  public boolean sharesInputGradient() {
    return false;
  }

  // ---- the plan ---------------------------------------------------------------------------

  /** Its trainable tensors, in the order of the parameter array. */
  public final List<Tensor> parameters() {
    return Collections.unmodifiableList(parameters);
  }

  /** Its non-trainable tensors (moving averages), in the order of the state array. */
  public final List<Tensor> state() {
    return Collections.unmodifiableList(state);
  }

  /** The number of trainable parameters. */
  public final int parameterCount() {
    return parameters.stream().mapToInt(Tensor::size).sum();
  }

  /** The number of non-trainable values. */
  public final int stateCount() {
    return state.stream().mapToInt(Tensor::size).sum();
  }

  /** Adds a trainable tensor; the constructor calls it, in the tensors' order. */
  protected final Tensor parameter(String name, Shape shape, float l1, float l2) {
    return add(parameters, new Tensor(name(), name, shape,
        context.layout().allocate(true, shape.intSize()), l1, l2, true));
  }

  /** Adds a non-trainable tensor; the constructor calls it, in the tensors' order. */
  protected final Tensor stateTensor(String name, Shape shape) {
    return add(state, new Tensor(name(), name, shape,
        context.layout().allocate(false, shape.intSize()), 0f, 0f, false));
  }

  private static Tensor add(List<Tensor> tensors, Tensor t) {
    tensors.add(t);
    return t;
  }

  /**
   * Whether its output has its input's size, so that it shares its input's size constant (a
   * flatten, a dropout, a normalisation).
   */
  public boolean keepsInputSize() {
    return false;
  }

  /**
   * The statements of the model's constructor that give its tensors their initial values:
   * random kernels from the layer's seed stream ({@code Seeds.mix(seed, index)}), constant fills;
   * nothing for tensors that start at zero, as new arrays do.
   */
  // Example: Initializers.heUniform(parameters, HIDDEN1_KERNEL, INPUT_SIZE, HIDDEN1_SIZE,
  //     Seeds.mix(seed, 2));
  public abstract CodeBlock initialize(ClassScope model);

  /** A call of the runtime's random initialiser {@code init} on a dense kernel {@code tensor}. */
  protected final CodeBlock random(ClassScope model, Tensor tensor, Init init, Object fanIn,
      Object fanOut) {
    return random(model, tensor, init, null, fanIn, fanOut);
  }

  /**
   * A call of the runtime's random initialiser {@code init} on {@code tensor}, whose
   * {@code count} values are not {@code fanIn·fanOut} (a convolution's fans span its window); a
   * null count for a dense kernel.
   */
  protected final CodeBlock random(ClassScope model, Tensor tensor, Init init, Object count,
      Object fanIn, Object fanOut) {
    String method = switch (init) {
      case GLOROT_UNIFORM -> "glorotUniform";
      case GLOROT_NORMAL -> "glorotNormal";
      case HE_UNIFORM -> "heUniform";
      case HE_NORMAL -> "heNormal";
      case ZEROS -> "zeros";
      case AUTO -> throw new IllegalArgumentException("unresolved initialiser " + init);
    };
    CodeBlock counted = count == null ? CodeBlock.of("") : CodeBlock.of("$W$L,", count);
    return CodeBlock.of("$T.$L($N,$W$L,$L$W$L,$W$L,$W$T.mix($N, $L));\n",
        RuntimeNames.INITIALIZERS, method, model.parameters(), tensor.constant(), counted, fanIn,
        fanOut, RuntimeNames.SEEDS, model.seed(), index());
  }

  /** Fills {@code tensor} with {@code value}. */
  // Example: Arrays.fill(parameters, NORM_GAMMA, NORM_GAMMA + NORM_SIZE, 1f);
  protected final CodeBlock fill(ClassScope model, Tensor tensor, Object size, float value) {
    return CodeBlock.of("$T.fill($N, $L, $L + $L, $L);\n", Arrays.class,
        tensor.trainable() ? model.parameters() : model.state(), tensor.constant(),
        tensor.constant(), size, Literals.of(value));
  }

  /**
   * Declares the private constants its code names beyond its size (a window's geometry, a
   * product's dimensions); none by default.
   */
  public void declareConstants(ClassConstants model) {}

  /** FLOPs of one sample's forward pass, two per multiply-add. */
  public abstract long forwardFlops();

  /**
   * Its line of the architecture description that weight files carry the hash of: what decides
   * whether weights fit it and mean the same ({@code dense hidden1 784->300 relu bias}). Never
   * change a kind's line: files saved before would stop loading.
   */
  public abstract String architecture();

  /**
   * Its link in the generated class's one-line description ({@code 300 relu} in {@code 784 → 300
   * relu → 10 softmax}), or null to leave it out.
   */
  public String chainLink() {
    return null;
  }

  /**
   * What the loss needs of it as the network's output layer (null if its kind cannot be one):
   * by default its activation, applied by its own forward pass (the checker lets such an output
   * pass with MSE only); a kind that can leave its activation to the loss says so.
   */
  public OutputRole outputRole() {
    return node instanceof Activated a ? new OutputRole(a.activation(), a.alpha(), false)
        : new OutputRole(Activation.LINEAR, 0f, false);
  }

  // ---- the pass ---------------------------------------------------------------------------

  /**
   * Whether the layer writes no code: its output is its input's array, seen with another shape
   * (the input layer, a flatten).
   */
  public boolean passThrough() {
    return false;
  }

  /**
   * Whether it can write its outputs into its columns of a concatenation, and read their
   * gradient from there, when the concatenation is its only reader ({@link Slices}).
   */
  public boolean writesIntoSlice() {
    return false;
  }

  /**
   * The rows of its outputs per sample when it writes into a concatenation: 1 for a dense layer,
   * a convolution's pixels (each row a pixel's filters), so that it can write into a
   * concatenation whose blocks are those rows (along the channels).
   */
  public int sliceRowsPerSample() {
    return 1;
  }

  /**
   * The kernel whose products and gradient a trainer may take over when this is the network's
   * first layer with parameters ({@code BatchPass.deferredKernel()}); null if it cannot.
   */
  public Tensor deferrableKernel() {
    return null;
  }

  /**
   * The values its backward pass transposes a kernel into ({@link PassScope#transposed()}), as
   * an expression of size constants; null if it needs no such scratch.
   */
  public CodeBlock transposeScratch(PassScope pass) {
    return null;
  }

  /** The values of {@link #transposeScratch(PassScope)}, to find the largest. */
  public int transposeScratchSize() {
    return 0;
  }

  /** Allocates the names of its pass members and declares its buffers. */
  public abstract void declare(PassScope pass);

  /**
   * Appends its forward call for {@code mode} to {@code code}, reading {@code in}.
   *
   * @return where its output lies for the next layer
   */
  public abstract Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code);

  /**
   * {@link #forward(PassScope, Mode, Flow, CodeBlock.Builder)} over the flows of each of its
   * inputs, in order (the caller's samples for the input layer); a merge reads them all.
   */
  public Flow forward(PassScope pass, Mode mode, List<Flow> in, CodeBlock.Builder code) {
    return forward(pass, mode, in.get(0), code);
  }

  /**
   * {@link #backward(PassScope, Flow, CodeBlock.Builder)} with the flows its training forward
   * read, one per input; each flow's {@code grad} receives the gradient with respect to that
   * input (a scratch buffer the pass then adds to the input's gradient, when another layer
   * wrote it first).
   */
  public void backward(PassScope pass, List<Flow> in, CodeBlock.Builder code) {
    backward(pass, in.get(0), code);
  }

  /** {@link #methods(PassScope, Flow)} with the flows its training forward read. */
  public List<MethodSpec> methods(PassScope pass, List<Flow> in) {
    return methods(pass, in.get(0));
  }

  /**
   * Appends its backward call to {@code code}, which runs after the next layer's: {@code in} is
   * the flow its training forward read.
   */
  public abstract void backward(PassScope pass, Flow in, CodeBlock.Builder code);

  /**
   * Its private methods in the pass, which the calls above invoke: {@code in} is the flow its
   * training forward read (its {@code grad} receives the input gradient).
   */
  public abstract List<MethodSpec> methods(PassScope pass, Flow in);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name() + " " + outputShape() + "]";
  }
}
