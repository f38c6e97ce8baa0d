package org.dendrite.compiler.diag;

import static org.dendrite.compiler.diag.Severity.ERROR;
import static org.dendrite.compiler.diag.Severity.NOTE;
import static org.dendrite.compiler.diag.Severity.WARNING;

import java.util.Locale;
import org.dendrite.compiler.ir.Origin;

/**
 * Every message the compiler reports, in one catalog: severity, stable tag, and text. A text says
 * what is wrong, with the sizes involved, and how to fix it. Layer kinds and enum constants arrive
 * already spelt the way the network's front end writes them ({@code @Dense} or {@code dense}).
 */
public enum Message {
  // ---- the network as a whole --------------------------------------------------------------
  MISSING_INPUT(ERROR, "MissingInput",
      "network '%s' has no %s layer; declare one as its first layer, e.g. %s"),
  SECOND_INPUT(ERROR, "SingleInput",
      "%s '%s' is a second input (the first is '%s'); a network has exactly one input layer"),
  INPUT_NOT_FIRST(ERROR, "InputFirst",
      "%s '%s' must be the first layer, but %s '%s' is declared before it; move the input to the"
          + " top"),
  NO_DENSE(ERROR, "NoDense",
      "network '%s' has no %s layer after its input; add one as the output layer, e.g. %s"),
  OUTPUT_NOT_DENSE(ERROR, "OutputLayer",
      "the last layer, %s '%s', cannot be the network's output; %s"),
  OUTPUT_CANNOT_APPLY(ERROR, "OutputLayer",
      "loss %s applies %s to the network's output, but the last layer, %s '%s', cannot leave"
          + " its activation to the loss; add %s after it, or end with %s"),
  TOO_MANY_PARAMETERS(ERROR, "ParameterCount",
      "network '%s' has %s parameters, more than a Java array holds (%s); make the largest"
          + " layer, '%s' with %s parameters, smaller"),
  TOO_MANY_LAYERS(ERROR, "LayerCount",
      "network '%s' has %s layers, more than the %s a generated class holds (javac limits a"
          + " method's code to 64 KB); use fewer layers"),
  DUPLICATE_NAME(ERROR, "DuplicateName",
      "layer name '%s' is used twice (first at %s); give every layer its own name"),
  INVALID_NAME(ERROR, "InvalidName",
      "'%s' cannot name a %s: %s"),
  NAME_CLASH(ERROR, "NameClash",
      "layer '%s' clashes with %s in the generated class %s; rename the layer"),

  // ---- graphs --------------------------------------------------------------------------------
  UNKNOWN_LAYER(ERROR, "UnknownLayer",
      "%s '%s' reads '%s', but network '%s' has no layer of that name; %s"),
  FORWARD_REFERENCE(ERROR, "ForwardReference",
      "%s '%s' reads '%s', which is declared after it (at %s); a layer reads only layers declared"
          + " before it, so that the network has no cycle: move '%s' above '%s'"),
  SELF_REFERENCE(ERROR, "ForwardReference",
      "%s '%s' reads itself; name a layer declared before it"),
  MERGE_INPUTS(ERROR, "MergeInputs",
      "%s '%s' merges %s; a merge needs at least two layers, e.g. %s"),
  ADD_SHAPES(ERROR, "MergeShapes",
      "%s '%s' adds layers of different shapes: %s; every input of an add must have the same"
          + " shape: change the layers (a 1×1 convolution or a dense layer can project one to"
          + " the other's shape)"),
  CONCATENATE_SHAPES(ERROR, "MergeShapes",
      "%s '%s' joins along axis %d layers whose shapes differ on another axis: %s; %s"),
  CONCATENATE_AXIS(ERROR, "MergeShapes",
      "%s '%s' has axis = %d, but its inputs have %d dimension(s); use an axis from %d to %d"
          + " (-1 is the last)"),

  // ---- sizes and attributes ----------------------------------------------------------------
  EMPTY_INPUT_SHAPE(ERROR, "PositiveSize",
      "%s '%s' has no dimensions; give the shape of one sample, e.g. %s"),
  NON_POSITIVE_DIMENSION(ERROR, "PositiveSize",
      "%1$s '%2$s' has shape %5$s, whose dimension %3$d is %4$d; every dimension must be"
          + " positive"),
  NON_POSITIVE_UNITS(ERROR, "PositiveSize",
      "%s '%s' has units = %d; a layer needs at least 1 unit"),
  NON_POSITIVE_FILTERS(ERROR, "PositiveSize",
      "%s '%s' has filters = %d; a convolution needs at least 1 filter"),
  WINDOW_SIZE(ERROR, "WindowSize",
      "%s '%s' has %s = %s; it takes two positive sizes, height and width, e.g. %s"),
  PADS_COUNT(ERROR, "Pads",
      "%s '%s' has pads = %s; it takes four counts of zeros, top, bottom, left and right, e.g. %s"),
  PADS_NEGATIVE(ERROR, "Pads",
      "%s '%s' has pads = %s, whose %s pad is %d; a pad counts zero rows or columns: give 0 or"
          + " more, e.g. %s"),
  PADS_WITH_SAME(ERROR, "Pads",
      "%s '%s' has both pads = %s and padding = %s; explicit pads replace SAME's: remove"
          + " padding = %s (or the pads)"),
  PADS_TOO_LARGE(ERROR, "Pads",
      "%s '%s' has pads = %s, whose %s pad (%d) is not smaller than its %d-pixel %s %s, so"
          + " windows there would read only zeros; pad at most %d there"),
  NEEDS_CHANNELS(ERROR, "NeedsChannels",
      "%s '%s' needs an image of height × width × channels as its input, but %s '%s' is %s; %s"),
  WINDOW_FIT(ERROR, "WindowFit",
      "%s '%s': %s: the %s %s is larger than its %s input; use padding = %s or a smaller %s"
          + " (the sizes: %s)"),
  ARRAY_SIZE(ERROR, "ArraySize",
      "%s '%s' needs %s values per sample for %s, more than a Java array holds (%s); make it"
          + " or the layers before it smaller"),
  NEEDS_FLATTEN(ERROR, "NeedsFlatten",
      "%s '%s' needs a flat input but %s '%s' is %s; add %s before it"),
  DROPOUT_RATE(ERROR, "DropoutRate",
      "%s '%s' has rate = %s; the rate is the fraction of values dropped and must be in [0, 1)"),
  LEAKY_ALPHA(ERROR, "LeakyAlpha",
      "%s '%s' has alpha = %s; %s's negative slope must be a finite number >= 0"),
  REGULARIZATION(ERROR, "Regularization",
      "%s '%s' has %s = %s; a penalty factor must be a finite number >= 0"),
  BATCH_NORM_SETTINGS(ERROR, "BatchNormSettings",
      "%s '%s' has %s = %s; %s"),
  SOFTMAX_ONE_UNIT(ERROR, "SoftmaxOneUnit",
      "%s '%s' applies %s to 1 unit, whose output is always 1; give it at least 2 units, or use"
          + " %s for a single probability"),
  STEP_NO_GRADIENT(ERROR, "StepNoGradient",
      "%s '%s' uses %s, which has no gradient; %s is allowed only on the single output unit of a"
          + " network trained with %s. Use %s or %s instead"),

  // ---- loss and output ---------------------------------------------------------------------
  LOSS_NEEDS_SOFTMAX(ERROR, "LossMismatch",
      "loss %s needs a %s output of at least 2 units, but the output layer '%s' has %d unit(s)"
          + " with %s; %s"),
  LOSS_NEEDS_SIGMOID(ERROR, "LossMismatch",
      "loss %s needs %s outputs, but the output layer '%s' uses %s; use activation = %s%s"),
  LOSS_NEEDS_ONE_STEP(ERROR, "LossMismatch",
      "loss %s needs one %s or %s output unit, but the output layer '%s' has %d unit(s) with %s;"
          + " use units = 1, activation = %s"),
  OUTPUT_NAME_COUNT(ERROR, "OutputNames",
      "network '%s' lists %d %s, but its output layer '%s' has %d unit(s); %s"),
  OUTPUT_NAMES(ERROR, "OutputNames", "network '%s': %s"),

  // ---- warnings ----------------------------------------------------------------------------
  HIDDEN_SOFTMAX(WARNING, "HiddenSoftmax",
      "%s '%s' applies %s to a hidden layer, which squeezes its %d values into one distribution;"
          + " %s is usual for hidden layers"),
  INIT_MISMATCH(WARNING, "InitMismatch",
      "%s '%s' uses %s with init = %s; %s suits %s better (or leave init = %s)"),
  MSE_SOFTMAX(WARNING, "MseSoftmax",
      "loss %s on the %s output '%s' learns slowly; %s or %s fits a softmax output"),
  REDUNDANT_FLATTEN(WARNING, "RedundantFlatten",
      "%s '%s' flattens '%s', which is already flat (%s); remove it"),
  UNREAD_PIXELS(WARNING, "StrideDrops",
      "%s '%s': %s, so the last %d %s of its %s input %s never read; use padding = %s, or a"
          + " stride that divides %d"),
  UNREAD_LAYER(WARNING, "UnreadLayer",
      "%s '%s' is read by no layer, so it does not affect the output '%s'; read it (%s) or"
          + " remove it"),
  DROPOUT_ZERO(WARNING, "DropoutZero",
      "%s '%s' has rate = 0 and drops nothing; remove it or give a rate in (0, 1)"),

  // ---- Java declarations (the annotation front end) ----------------------------------------
  CLASS_KIND(ERROR, "NetworkClass",
      "@Network goes on a class, but %s is %s; declare an abstract class with the layer fields"),
  CLASS_FINAL(ERROR, "NetworkClass",
      "@Network class %s is final, but the generated %s extends it; remove final"),
  CLASS_PRIVATE(ERROR, "NetworkClass",
      "@Network class %s is private, so the generated %s cannot extend it; make it"
          + " package-private or public"),
  ENCLOSING_PRIVATE(ERROR, "NetworkClass",
      "@Network class %s is nested in private class %s, so the generated %s cannot extend it;"
          + " make %s package-private or public"),
  CLASS_INNER(ERROR, "NetworkClass",
      "@Network class %s is an inner class: the generated %s cannot create it without an"
          + " instance of %s; make it static"),
  CLASS_LOCAL(ERROR, "NetworkClass",
      "@Network class %s is declared inside a method; make it a top-level or static nested class"),
  CLASS_GENERIC(ERROR, "NetworkClass",
      "@Network class %s has type parameters %s; a network class cannot be generic"),
  CLASS_NO_CONSTRUCTOR(ERROR, "NetworkClass",
      "@Network class %s has no constructor without parameters that the generated %s can call;"
          + " add one that is not private"),
  FIELD_TYPE(ERROR, "LayerField",
      "layer field '%s' has type %s; a layer field has type org.dendrite.runtime.Layer"),
  FIELD_MODIFIER(ERROR, "LayerField",
      "layer field '%s' is %s, but the generated %s assigns it; remove %s"),
  TWO_LAYER_ANNOTATIONS(ERROR, "LayerField",
      "field '%s' carries both %s and %s; a field declares one layer"),
  ORPHAN_LAYER(ERROR, "LayerField",
      "field '%s' has %s, but its class %s is not annotated @Network; add @Network(loss = …) to"
          + " the class"),
  METHOD_CLASH(ERROR, "NameClash",
      "method %s of %s would be overridden by the generated %s, which implements it for Model;"
          + " rename it or make it abstract"),
  RUNTIME_MISSING(ERROR, "Classpath",
      "org.dendrite.runtime.Layer is not on the class path; add the dependency"
          + " org.dendrite:dendrite-runtime"),
  INTERNAL_ERROR(ERROR, "InternalError",
      "the Dendrite compiler failed on %s; this is a bug, please report it with this trace:%n%s"),

  // ---- .nn files: syntax ---------------------------------------------------------------------
  EXPECTED(ERROR, "Syntax", "expected %s, found %s"),
  UNEXPECTED_CHARACTER(ERROR, "Syntax", "unexpected character %s%s"),
  UNTERMINATED_COMMENT(ERROR, "Syntax", "unterminated comment: '/*' has no closing '*/'"),
  NESTED_COMMENT(ERROR, "Syntax",
      "comments do not nest: this '/*' is inside the comment opened at %d:%d, which ends at the"
          + " first '*/'; remove the inner comment or write the comments with //"),
  MALFORMED_NUMBER(ERROR, "Syntax",
      "malformed number '%s'; write an integer such as 10 or a decimal such as 0.25 or 1e-3"),
  UNKNOWN_KEYWORD(ERROR, "UnknownKeyword", "unknown %s '%s'; %s"),
  MISSING_BRACE(ERROR, "Syntax",
      "%s has no closing '}' before %s; close it after its last layer"),
  PACKAGE_PLACEMENT(ERROR, "Package",
      "the package line must come once, before the first network; %s"),

  // ---- .nn files: attributes and names -------------------------------------------------------
  UNKNOWN_ATTRIBUTE(ERROR, "UnknownAttribute", "%s has no attribute '%s'; %s"),
  POSITIONAL_VALUE(ERROR, "UnknownAttribute",
      "%s '%s' takes no [ ] value; only an input layer has a shape, e.g. %s (and a merge its"
          + " list of layers, an activate its activation)"),
  DUPLICATE_ATTRIBUTE(ERROR, "DuplicateAttribute",
      "attribute '%s' is given twice (first at %s); give it once"),
  MISSING_ATTRIBUTE(ERROR, "MissingAttribute", "%s '%s' needs %s; e.g. %s"),
  ATTRIBUTE_TYPE(ERROR, "AttributeType", "'%s' takes %s, not %s; e.g. %s"),
  UNKNOWN_VALUE(ERROR, "UnknownValue", "'%s' is not a known %s; %s"),
  NUMBER_RANGE(ERROR, "NumberRange", "%s is out of range: %s"),
  DUPLICATE_NETWORK(ERROR, "DuplicateNetwork",
      "network '%s' would generate %s, which network '%s' at %s generates already; rename one"),
  NO_NETWORK(WARNING, "EmptyFile",
      "%s declares no network; declare one, e.g. network Classifier(loss = mse) { … }"),
  FILE_UNREADABLE(ERROR, "FileRead", "cannot read %s: %s"),
  TOO_MANY_ERRORS(NOTE, "TooManyErrors",
      "%s has more than %d errors; it was not read past this point. Fix these and compile"
          + " again"),

  // ---- notes -------------------------------------------------------------------------------
  SUMMARY(NOTE, "Summary", "%s");

  private final Severity severity;
  private final String tag;
  private final String template;

  Message(Severity severity, String tag, String template) {
    this.severity = severity;
    this.tag = tag;
    this.template = template;
  }

  /** The severity of this message. */
  public Severity severity() {
    return severity;
  }

  /** The stable tag, e.g. {@code NeedsFlatten}. */
  public String tag() {
    return tag;
  }

  /** The diagnostic with this message's text filled with {@code args}, pointing at {@code origin}. */
  public Diagnostic at(Origin origin, Object... args) {
    return new Diagnostic(severity, tag, String.format(Locale.ROOT, template, args), origin);
  }
}
