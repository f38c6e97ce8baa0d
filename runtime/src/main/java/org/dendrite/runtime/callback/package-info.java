/**
 * Ready-made {@link org.dendrite.runtime.train.Callback}s with Keras' semantics and defaults:
 * {@link org.dendrite.runtime.callback.EarlyStopping},
 * {@link org.dendrite.runtime.callback.ThresholdStopping},
 * {@link org.dendrite.runtime.callback.TerminateOnNaN},
 * {@link org.dendrite.runtime.callback.CsvLogger},
 * {@link org.dendrite.runtime.callback.LearningRateScheduler},
 * {@link org.dendrite.runtime.callback.ReduceLROnPlateau},
 * {@link org.dendrite.runtime.callback.ModelCheckpoint} and a terminal-aware
 * {@link org.dendrite.runtime.callback.ProgressBar}.
 *
 * <p>Every callback resets its state in {@code onTrainBegin}, so one instance can serve several
 * calls of {@code fit}.
 */
package org.dendrite.runtime.callback;
