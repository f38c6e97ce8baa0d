package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Concatenate;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * A wide-and-deep regression network (Cheng et al.): a linear branch (wide) and two ReLU layers
 * of 64 units (deep), both reading the ten inputs, joined before one linear output. {@code
 * regression --wide-and-deep} trains it on Friedman #1, whose target has a linear part ({@code 10
 * x4 + 5 x5}) beside its nonlinear one.
 */
@Network(loss = Loss.MSE)
abstract class FriedmanWideAndDeep {
  @Input(10)
  Layer x;

  @Dense(units = 1)
  Layer wide;

  @Dense(units = 64, activation = Activation.RELU, from = "x")
  Layer deep1;

  @Dense(units = 64, activation = Activation.RELU)
  Layer deep2;

  @Concatenate({"wide", "deep2"})
  Layer joined;

  @Dense(units = 1)
  Layer y;
}
