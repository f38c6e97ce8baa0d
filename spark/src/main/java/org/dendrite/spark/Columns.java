package org.dendrite.spark;

import java.util.Arrays;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads features and targets out of {@link Row}s into flat float arrays, and checks column types:
 * a vector column ({@code VectorUDT}, dense or sparse) or an {@code array<float>} or
 * {@code array<double>} column for rows of several values, any numeric column for one value.
 */
final class Columns {
  /** How a column holds its values. */
  enum Kind {
    VECTOR,
    FLOAT_ARRAY,
    DOUBLE_ARRAY,
    NUMBER
  }

  private Columns() {}

  /**
   * The kind of column {@code name} of {@code schema}, which must hold {@code size} values per
   * row ({@link Kind#NUMBER} is accepted only for a size of 1).
   *
   * @throws IllegalArgumentException if the column is missing or of another type (the message
   *     names the column, its type and the types accepted)
   */
  static Kind kind(StructType schema, String name, int size, String role) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("no " + role + " column '" + name + "' in "
          + schema.simpleString());
    }
    StructField field = schema.apply(name);
    DataType type = field.dataType();
    if (type.equals(SQLDataTypes.VectorType())) {
      return Kind.VECTOR;
    }
    if (type instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
      return Kind.FLOAT_ARRAY;
    }
    if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
      return Kind.DOUBLE_ARRAY;
    }
    if (size == 1 && type instanceof NumericType) {
      return Kind.NUMBER;
    }
    throw new IllegalArgumentException("the " + role + " column '" + name + "' is "
        + type.simpleString() + "; it must be a vector (VectorUDT), array<float> or array<double>"
        + (size == 1 ? ", or a number" : "") + " of " + size + " value(s) per row");
  }

  /**
   * Copies {@code size} values of column {@code col} of {@code row} to {@code dst} at
   * {@code offset}.
   *
   * @throws IllegalArgumentException if the value is null or does not hold {@code size} values
   */
  static void read(Row row, int col, Kind kind, float[] dst, int offset, int size, String role) {
    if (row.isNullAt(col)) {
      throw new IllegalArgumentException("a row's " + role + " value is null: " + row);
    }
    switch (kind) {
      case VECTOR -> {
        Vector v = (Vector) row.get(col);
        check(v.size(), size, role);
        if (v instanceof DenseVector d) {
          double[] values = d.values();
          for (int i = 0; i < size; i++) {
            dst[offset + i] = (float) values[i];
          }
        } else {
          SparseVector s = (SparseVector) v;
          Arrays.fill(dst, offset, offset + size, 0f);
          int[] indices = s.indices();
          double[] values = s.values();
          for (int i = 0; i < indices.length; i++) {
            dst[offset + indices[i]] = (float) values[i];
          }
        }
      }
      case FLOAT_ARRAY, DOUBLE_ARRAY -> {
        scala.collection.Seq<Object> seq = row.getSeq(col);
        check(seq.length(), size, role);
        for (int i = 0; i < size; i++) {
          Object value = seq.apply(i);
          if (value == null) {
            throw new IllegalArgumentException("value " + i + " of a row's " + role
                + " array is null");
          }
          dst[offset + i] = ((Number) value).floatValue();
        }
      }
      case NUMBER -> dst[offset] = ((Number) row.get(col)).floatValue();
    }
  }

  private static void check(int actual, int expected, String role) {
    if (actual != expected) {
      throw new IllegalArgumentException("a row's " + role + " hold " + actual
          + " values; the network takes " + expected);
    }
  }
}
