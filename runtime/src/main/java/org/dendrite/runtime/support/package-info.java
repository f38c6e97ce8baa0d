/**
 * Support for the classes Dendrite generates: argument checks, initialisers, seeds, dropout masks
 * and per-thread inference buffers. Public because generated code lives in users' packages; not
 * meant to be called by hand, and may change between versions.
 */
package org.dendrite.runtime.support;
