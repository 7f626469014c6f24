/**
 * Planning a sweep: the work of a run (FLOPs, activation evaluations, normal deviates) and its estimated
 * time, for {@code plan}. Above the lanes, because which kernel trains a run decides its rate.
 */
package tiebreak.core.plan;
