/**
 * Charts of training runs, drawn with XChart ({@code org.knowm.xchart:xchart}), an optional
 * dependency of the runtime: projects that plot add it to their own build.
 */
package org.dendrite.runtime.plot;
