/**
 * The tie and what is measured of it: setting the tie up, the distances at each checkpoint, the growth
 * rate, the outcome rules and a run's result. Uses spec, net and math.
 */
package tiebreak.core.tie;
