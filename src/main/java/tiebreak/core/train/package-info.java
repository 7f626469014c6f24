/**
 * Training one run at a time: the scalar {@link tiebreak.core.train.Trainer} (the reference every faster
 * path is compared to), the optimizers, the checkpoint schedule and the fault-injection hook of the tests.
 */
package tiebreak.core.train;
