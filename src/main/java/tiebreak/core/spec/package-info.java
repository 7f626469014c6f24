/**
 * What a run is: {@link tiebreak.core.spec.RunSpec} and the records and kinds it is made of (task, training,
 * optimizer, tie mode), validated when built, and the size limits of a run. Uses net and math.
 */
package tiebreak.core.spec;
