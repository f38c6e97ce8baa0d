package org.dendrite.compiler.onnx;

/**
 * An ONNX model Dendrite cannot compile, with a message that names the file, the node and its
 * operator where there is one, and says what is supported instead.
 */
public final class OnnxImportException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An error whose message is complete. */
  public OnnxImportException(String message) {
    super(message);
  }

  /** An error caused by {@code cause}. */
  public OnnxImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
