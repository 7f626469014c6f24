/**
 * The lane kernel: runs of one architecture trained eight at a time, one per lane of a 512-bit vector (the
 * JDK's Vector API), each lane with the scalar trainer's operations in its order, so its bits; and the
 * batching of a partition's runs into lane batches ({@link tiebreak.core.lanes.BatchedRuns}).
 */
package tiebreak.core.lanes;
