/**
 * The samples' pictures that {@link org.dendrite.runtime.plot.HistoryPlot} does not draw: heat
 * maps of learned functions, confusion matrices and image grids, drawn with Java 2D alone.
 */
package org.dendrite.samples.plot;
