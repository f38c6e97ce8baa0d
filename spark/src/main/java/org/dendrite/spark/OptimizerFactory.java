package org.dendrite.spark;

import java.io.Serializable;
import java.util.function.Supplier;
import org.dendrite.runtime.optim.Optimizer;

/**
 * Makes a fresh optimizer: {@code () -> new Adam(1e-3f)}. Serializable, since with model averaging
 * every task makes its own (the driver keeps one for the synchronous steps and for callbacks).
 */
@FunctionalInterface
public interface OptimizerFactory extends Supplier<Optimizer>, Serializable {}
