/**
 * Deterministic arithmetic the training core builds on: {@link tiebreak.core.math.DetMath} (exp, tanh, erf
 * from IEEE operations only, the same bits on every JVM), {@link tiebreak.core.math.StrictCos}, the seeded
 * random streams ({@link tiebreak.core.math.Rng}) and float32 rounding. Depends on nothing else of the core.
 */
package tiebreak.core.math;
