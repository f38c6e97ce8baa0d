package org.dendrite.compiler.layers;

import org.dendrite.compiler.emit.Literals;

/**
 * Where a weighted layer's outputs and their gradient lie in a pass: its own buffers, or its
 * columns of a concatenation's ({@link Slice}).
 *
 * @param out the output buffer
 * @param grad the gradient buffer
 * @param column where its values start in each row, as a literal; empty for its own buffers
 * @param stride the row stride's size constant; empty for its own buffers
 */
record Place(String out, String grad, String column, String stride) {
  /** Where {@code unit}'s outputs lie in {@code pass}. */
  static Place of(PassScope pass, LayerUnit<?> unit) {
    Slice slice = pass.slice(unit);
    return slice == null ? new Place(pass.name(unit, ""), pass.name(unit, "Grad"), "", "")
        : new Place(slice.array(), slice.grad(), Literals.of(slice.column()), slice.stride());
  }

  /** Whether its rows are {@code stride} apart in a wider buffer. */
  boolean strided() {
    return !column.isEmpty();
  }

  /** The offset of the first row: {@code 0} or the column. */
  String offset() {
    return strided() ? column : "0";
  }

  /** The flow of its output. */
  Flow flow() {
    return new Flow(out, offset(), grad);
  }
}
