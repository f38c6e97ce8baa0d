package org.dendrite.compiler.layers;

/**
 * Where a layer's output lies in a pass, as the next layer reads it: an array and an offset
 * expression, and the buffer that receives the loss gradient with respect to it (null when no
 * gradient flows there).
 */
public record Flow(String array, String offset, String grad) {}
