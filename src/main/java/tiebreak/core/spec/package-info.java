/**
 * What a run is: {@link tiebreak.core.spec.RunSpec} and the records and kinds it is made of (task, training,
 * optimizer, tie mode), validated when built, the size limits of a run and the names of its settings
 * ({@link tiebreak.core.spec.Keys}). Uses net and math.
 */
package tiebreak.core.spec;
