package org.dendrite.compiler.layers;

/**
 * Where a layer writes its outputs, and reads their gradient, when it writes straight into its
 * columns of a concatenation instead of into buffers of its own that the concatenation would
 * copy: each of its rows starts {@code stride} values after the last, at {@code column}.
 *
 * @param concatenation the concatenation whose buffers it writes into
 * @param array the concatenation's output buffer
 * @param grad the concatenation's gradient buffer; null if no gradient flows there
 * @param column where its values start in each row
 * @param stride the row stride, an expression: the concatenation's size constant for vectors,
 *     its channels for images
 */
public record Slice(LayerUnit<?> concatenation, String array, String grad, int column,
    String stride) {}
